"""Dependency agent benchmarks: the offline OSV store and matching, with pip-audit measured in the same run.

Targets (issue "dependency agent"):
- building the offline store from an all.zip of the whole pypa/advisory-database snapshot (../shared/osv-pypa)
  in under 10 s;
- matching 1,000 pinned dependencies against that store in under a second.

Peer: pip-audit (`-r FILE --no-deps --disable-pip -s osv --osv-url ...`) against the OSV stand-in on 127.0.0.1
that serves the same snapshot (tests/osv_server.py), so neither tool touches the network; gatherscan is measured
both against its offline store and against the same server's querybatch API. The stand-in matches versions by
the records' enumerated `versions` lists, which is also a cross-check: the vulnerable packages found by the two
tools are compared.

Usage: python bench/deps.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from packaging.version import InvalidVersion, Version

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from agents.dependency.model import Dependency  # noqa: E402 - after the path set-up above
from agents.dependency.osvstore import update_store  # noqa: E402
from agents.dependency.vulndb import SourceSettings, lookup  # noqa: E402
from agents.dependency.vulnfindings import check_vulnerabilities, checked_packages  # noqa: E402
from tests.osv_server import SNAPSHOT, OsvServer, snapshot_records, write_snapshot_zip  # noqa: E402

BIN = Path(sys.executable).parent
PACKAGES = 1000


def pinned_requirements(records: list[dict[str, object]], count: int) -> list[tuple[str, str]]:
    """`count` distinct (name, version) pins: every snapshot package at a listed (vulnerable) version,
    topped up with popular packages the snapshot has no advisory for."""
    pins: dict[str, str] = {}
    for record in sorted(records, key=lambda r: str(r["id"])):
        for affected in record.get("affected", []) or []:  # type: ignore[union-attr]
            name = affected.get("package", {}).get("name")
            versions = [v for v in affected.get("versions", []) if _is_pep440(v)]
            if name and versions and name.lower() not in pins:
                pins[name.lower()] = versions[len(versions) // 2]
    listing = (REPO / "agents" / "dependency" / "data" / "popular-pypi.txt").read_text(encoding="utf-8")
    popular = [line.split("#", 1)[0].strip() for line in listing.splitlines()]
    for name in (n for n in popular if n):
        if len(pins) >= count:
            break
        pins.setdefault(name, "0.0.1")
    return sorted(pins.items())[:count]


def _is_pep440(version: str) -> bool:
    try:
        Version(version)
    except InvalidVersion:
        return False
    return True


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run_seconds(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode not in (0, 1) or not completed.stdout.startswith("{"):
        raise SystemExit(f"{command[0]} failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return elapsed, completed.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not SNAPSHOT.is_dir():
        print(f"skipped: the advisory snapshot is not at {SNAPSHOT}")
        return 0

    records = snapshot_records()
    with tempfile.TemporaryDirectory(prefix="gatherscan-bench-deps-") as scratch:
        work = Path(scratch)
        zip_path = write_snapshot_zip(work / "all.zip")
        cache = work / "cache"
        settings = SourceSettings(cache_dir=cache, offline=True)

        build = median_seconds(lambda: update_store(settings, source=str(zip_path), ecosystems=["PyPI"]), args.repeat)
        print(f"store build: {len(records):,} records from all.zip in {build:.2f} s (target < 10 s)")

        pins = pinned_requirements(records, PACKAGES)
        requirements = work / "project" / "requirements.txt"
        requirements.parent.mkdir()
        requirements.write_text("".join(f"{name}=={version}\n" for name, version in pins), encoding="utf-8")
        dependencies = [
            Dependency(
                file="requirements.txt",
                line=line,
                name=name,
                raw_name=name,
                specifier=f"=={version}",
                version=version,
                scope="main",
                kind="registry",
                manifest_kind="requirements",
                text=f"{name}=={version}",
            )
            for line, (name, version) in enumerate(pins, 1)
        ]

        def match() -> int:
            outcome = check_vulnerabilities(
                checked_packages(dependencies), lambda queries: lookup(queries, settings), lambda: lambda name: None
            )
            return len(outcome.findings)

        matching = median_seconds(match, args.repeat)
        findings = match()
        print(
            f"matching: {len(pins):,} pinned dependencies against the store in {matching:.3f} s "
            f"(target < 1 s); {findings:,} vulnerability findings"
        )

        env = {**os.environ, "GATHERSCAN_CACHE_DIR": str(cache)}
        gatherscan = [str(BIN / "gatherscan"), "scan", "--agents", "dependency", "--format", "json"]
        offline_cli, offline_out = run_seconds([*gatherscan, "--offline", str(requirements.parent)], env)
        ours = _vulnerable_packages(json.loads(offline_out))

        with OsvServer(records) as server:
            online_env = {**env, "GATHERSCAN_OSV_API_URL": server.url, "GATHERSCAN_CACHE_DIR": str(work / "api")}
            online_cli, _ = run_seconds([*gatherscan, str(requirements.parent)], online_env)
            pip_audit = [
                str(BIN / "pip-audit"), "-r", str(requirements), "--no-deps", "--disable-pip", "-s", "osv",
                "--osv-url", f"{server.url}/v1/query", "--cache-dir", str(work / "pip-audit-cache"),
                "--progress-spinner", "off", "-f", "json",
            ]  # fmt: skip
            theirs_seconds, theirs_out = run_seconds(pip_audit, env)
        theirs = {d["name"].lower() for d in json.loads(theirs_out)["dependencies"] if d.get("vulns")}

        print(f"gatherscan scan --offline (whole CLI): {offline_cli:.2f} s")
        print(f"gatherscan scan, OSV API on 127.0.0.1 (querybatch + details): {online_cli:.2f} s")
        print(f"pip-audit -s osv, same server (one query per package): {theirs_seconds:.2f} s")
        print(f"ratio offline / pip-audit: {offline_cli / theirs_seconds:.2f}")
        print(f"ratio online / pip-audit: {online_cli / theirs_seconds:.2f}")
        print(
            f"vulnerable packages: gatherscan {len(ours)}, pip-audit {len(theirs)}, "
            f"both {len(ours & theirs)}, only gatherscan {sorted(ours - theirs)[:10]}, "
            f"only pip-audit {sorted(theirs - ours)[:10]}"
        )
    return 0


def _vulnerable_packages(report: dict[str, object]) -> set[str]:
    issues = report["result"]["issues"]  # type: ignore[index]
    return {i["properties"]["package"] for i in issues if i["ruleId"] in ("DEP006", "DEP007")}


if __name__ == "__main__":
    sys.exit(main())
