"""Benchmarks against Bandit, measured in the same run; prints ratios (gatherscan / bandit).

Targets (issue "gatherscan core"):
- one small file: median wall time of `gatherscan scan FILE` <= bandit's on the same file, and the
  anthropic SDK is never imported on that path (checked with `python -X importtime`);
- the CPython standard library, all three agents: less time than bandit on it;
- (issue "security agent") the security agent alone on the standard library: at most a quarter of bandit's
  time, peak memory below twice bandit's;
- (issue 5) a warm rescan of the standard library (nothing changed, incremental cache filled by a cold scan
  into an empty cache folder) at most 1/20 of the cold scan.

The comparisons with bandit run gatherscan with --no-cache: bandit has no cache, and a repeated run
must not measure a warm one.

Usage: python bench/run.py [--repeat N] [--skip-stdlib]
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

SMALL_FILE = """\
import hashlib
import subprocess


def checksum(path):
    with open(path, "rb") as handle:
        return hashlib.md5(handle.read()).hexdigest()


def run(command):
    return subprocess.run(command, shell=True, check=False)


def join_lines(lines):
    text = ""
    for line in lines:
        text += line
    return text
"""


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of `command`, in a fresh process tree."""
    probe = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1])


def median_of(command: list[str], repeat: int, cwd: Path | None = None) -> tuple[float, int]:
    runs = [timed(command, cwd) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def imported_modules(command: list[str]) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "analyzer", *command], capture_output=True, text=True, cwd=REPO
    )
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def cold_and_warm(gatherscan: str, target: Path) -> tuple[float, float]:
    """Wall seconds of a scan into an empty cache folder, then of the same scan again (all three agents)."""
    with tempfile.TemporaryDirectory() as cache:
        command = [gatherscan, "scan", str(target), "--format", "json", "-o", os.devnull, "--cache-dir", cache]
        cold, _ = timed(command)
        warm, _ = timed(command)
    return cold, warm


def report(label: str, ours: float, theirs: float, unit: str = "s") -> None:
    ratio = ours / theirs if theirs else float("inf")
    print(f"{label:<44} gatherscan {ours:8.3f}{unit}  bandit {theirs:8.3f}{unit}  ratio {ratio:5.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--skip-stdlib", action="store_true")
    args = parser.parse_args()
    gatherscan = str(BIN / "gatherscan")
    bandit = shutil.which("bandit", path=str(BIN)) or shutil.which("bandit")
    if bandit is None:
        print("bandit is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}")
    # An editable install has no bytecode until something writes it (and PYTHONDONTWRITEBYTECODE may
    # forbid that); bandit's wheel install has it. Compile ours, as a regular install would.
    compileall.compile_dir(REPO / "analyzer", quiet=1)
    compileall.compile_dir(REPO / "agents", quiet=1)

    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.py"
        small.write_text(SMALL_FILE)
        modules = imported_modules(["scan", str(small), "--format", "json", "--no-cache"])
        heavy = sorted(m for m in modules if m.split(".")[0] in {"anthropic", "git", "httpx", "yaml"})
        print(f"one small file: {len(modules)} modules imported; heavy ones among them: {heavy or 'none'}")
        ours, ours_mem = median_of([gatherscan, "scan", str(small), "--format", "json", "--no-cache"], args.repeat)
        theirs, theirs_mem = median_of([bandit, "-q", "-f", "json", str(small)], args.repeat)
        report(f"one small file, median of {args.repeat}", ours, theirs)
        report("one small file, peak RSS", ours_mem / 1024, theirs_mem / 1024, " MiB")

    if not args.skip_stdlib:
        stdlib = Path(sysconfig.get_paths()["stdlib"])
        files = sum(1 for p in stdlib.rglob("*.py") if "site-packages" not in p.parts)
        print(f"CPython standard library: {stdlib} ({files} .py files, site-packages excluded by both tools)")
        ours, ours_mem = timed([gatherscan, "scan", str(stdlib), "--format", "json", "-o", os.devnull, "--no-cache"])
        theirs, theirs_mem = timed(
            [bandit, "-q", "-r", "-f", "json", "-o", os.devnull, "-x", "*/site-packages/*", str(stdlib)]
        )
        report("stdlib, all three agents (one run)", ours, theirs)
        report("stdlib, peak RSS of one process", ours_mem / 1024, theirs_mem / 1024, " MiB")
        security, security_mem = timed(
            [
                gatherscan,
                "scan",
                "--agents",
                "security",
                str(stdlib),
                "--format",
                "json",
                "-o",
                os.devnull,
                "--no-cache",
            ]
        )
        report("stdlib, security agent alone (target <= 0.25)", security, theirs)
        report("stdlib, security agent peak RSS (target < 2)", security_mem / 1024, theirs_mem / 1024, " MiB")
        cold, warm = cold_and_warm(gatherscan, stdlib)
        print(
            f"{'stdlib, warm rescan / cold scan (target <= 0.05)':<44} cold {cold:8.3f}s  warm {warm:8.3f}s  "
            f"ratio {warm / cold:5.3f}"
        )
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
