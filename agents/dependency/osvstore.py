"""The local OSV store: OSV records indexed by package, one SQLite file per ecosystem, for offline lookups.

Built from OSV's per-ecosystem export (`<export_url>/<Ecosystem>/all.zip`) or from `--from`: an http(s)
URL of such a zip, a local zip, or a local folder of OSV records (JSON or YAML, e.g. a clone of
pypa/advisory-database). Each ecosystem's file lives in `<cache_dir>/osv-store/` and holds

    meta(key, value)                         schema version, ecosystem, source, built-at, counts
    records(id PRIMARY KEY, modified, json)  the raw records, compact JSON
    packages(ecosystem, name, id)            which records name which package (normalised names)

An update builds each file under a temporary name in the same folder, fsyncs it and moves it into place
with os.replace, all ecosystems of one update at the end: a failed, interrupted or killed update leaves the
previous files untouched, and readers that opened a file keep reading the one they opened. Files are never
changed in place once moved there, so readers open them immutable (no locks).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import tempfile
import time
import urllib.parse
import zipfile
import zlib
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from agents.dependency.ecosystems import normalise_name
from agents.dependency.model import ECOSYSTEMS
from agents.dependency.vulndb import SourceSettings

STORE_SCHEMA_VERSION = 1
"""Raised whenever the layout of a store file changes; files of another version are not read."""

KNOWN_ECOSYSTEMS: tuple[str, ...] = (
    *ECOSYSTEMS,
    *("AlmaLinux", "Alpine", "Android", "Bioconductor", "Bitnami", "CRAN", "Chainguard", "Debian", "GHC", "GIT"),
    *("GitHub Actions", "Hackage", "Hex", "Linux", "Mageia", "Maven", "NuGet", "OSS-Fuzz", "Packagist", "Pub"),
    *("Red Hat", "Rocky Linux", "RubyGems", "SUSE", "SwiftURL", "Ubuntu", "Wolfi", "openEuler", "openSUSE"),
)
"""OSV's spelling of ecosystem names, so that what a person types ("pypi", "rubygems") finds the export."""

STORE_SUFFIX = ".sqlite"
RECORD_SUFFIXES = (".json", ".yaml", ".yml")
MAX_RECORD_BYTES = 32 * 1024 * 1024
INVALID_EXAMPLES = 5
_ABANDONED_AFTER = 3600.0

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records(id TEXT PRIMARY KEY, modified TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE packages(ecosystem TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL,
                      PRIMARY KEY (ecosystem, name, id)) WITHOUT ROWID;
"""


class StoreError(Exception):
    """An update that failed; the message says what and where. The previous store is untouched."""


@dataclass(frozen=True)
class InvalidRecord:
    entry: str
    """The zip entry or file (relative to the folder) that held it."""
    reason: str
    record_id: str | None = None

    def describe(self) -> str:
        where = f"{self.record_id} ({self.entry})" if self.record_id else self.entry
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class BuiltEcosystem:
    ecosystem: str
    records: int
    invalid: int
    source: str
    path: Path


@dataclass(frozen=True)
class UpdateResult:
    built: tuple[BuiltEcosystem, ...]
    invalid: int
    """Entries that were not minimally valid OSV records (they are left out)."""
    invalid_examples: tuple[InvalidRecord, ...]
    ignored: int
    """Valid records that name none of the ecosystems being built."""
    seconds: float
    store_dir: Path


@dataclass(frozen=True)
class EcosystemStatus:
    ecosystem: str
    records: int
    source: str
    built_at: float
    """Seconds since the epoch."""
    age_seconds: float
    path: Path
    invalid: int = 0
    problem: str | None = None
    """Why this file cannot be used (another store schema version, not a store); None when it can."""

    def to_json_dict(self) -> dict[str, Any]:
        built = datetime.fromtimestamp(self.built_at, tz=timezone.utc).isoformat() if self.built_at else None
        return {
            "ecosystem": self.ecosystem,
            "records": self.records,
            "invalid": self.invalid,
            "source": self.source,
            "builtAt": built,
            "ageSeconds": round(self.age_seconds, 3),
            "path": str(self.path),
            "problem": self.problem,
        }


# ---------------------------------------------------------------------------
# Records


def base_ecosystem(ecosystem: str) -> str:
    """ "Debian:11" and "Ubuntu:Pro:18.04:LTS" are releases of Debian and Ubuntu."""
    return ecosystem.split(":", 1)[0].strip()


def record_problem(record: object) -> str | None:
    """Why `record` is not even minimally a usable OSV record, or None."""
    if not isinstance(record, dict):
        return f"not a JSON object (got {type(record).__name__})"
    record_id = record.get("id")
    if not isinstance(record_id, str) or not record_id.strip():
        return "id must be a non-empty string"
    if not isinstance(record.get("modified"), str):
        return "modified must be a string"
    affected = record.get("affected")
    if not isinstance(affected, list):
        return "affected must be a list"
    for index, entry in enumerate(affected):
        if not isinstance(entry, dict):
            return f"affected[{index}] must be an object"
        package = entry.get("package")
        if package is None:
            continue  # A commit-range-only entry (GIT ranges) names no package: valid, just not indexed.
        if not isinstance(package, dict):
            return f"affected[{index}].package must be an object"
        for key in ("ecosystem", "name"):
            value = package.get(key)
            if not isinstance(value, str) or not value.strip():
                return f"affected[{index}].package.{key} must be a non-empty string"
    return None


def packages_named(record: Mapping[str, Any]) -> set[tuple[str, str]]:
    """(base ecosystem, normalised name) of every package a valid record names."""
    named: set[tuple[str, str]] = set()
    for entry in record["affected"]:
        package = entry.get("package")
        if isinstance(package, dict):
            ecosystem = base_ecosystem(package["ecosystem"])
            named.add((ecosystem, normalise_name(ecosystem, package["name"])))
    return named


def _json_value(value: object) -> object:
    """YAML gives timestamps as datetime; OSV JSON writes them RFC 3339 in UTC."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
        text = moment.astimezone(timezone.utc).isoformat()
        return text.replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"a YAML value of type {type(value).__name__} has no JSON form")


def _decode_record(entry: str, data: bytes) -> tuple[dict[str, Any], str] | InvalidRecord:
    """The record and its compact JSON text, or why the entry is not a valid record."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InvalidRecord(entry, f"not UTF-8 text: byte {exc.start}: {exc.reason}")
    try:
        if entry.lower().endswith(".json"):
            record = json.loads(text)
            compact = json.dumps(record, separators=(",", ":"), ensure_ascii=False)
        else:
            from analyzer.dataformats import parse_yaml

            compact = json.dumps(parse_yaml(text), separators=(",", ":"), ensure_ascii=False, default=_json_value)
            record = json.loads(compact)
    except (ValueError, TypeError, RecursionError) as exc:
        return InvalidRecord(entry, f"cannot parse: {exc}")
    problem = record_problem(record)
    if problem is not None:
        record_id = record.get("id") if isinstance(record, dict) else None
        return InvalidRecord(entry, problem, record_id if isinstance(record_id, str) and record_id else None)
    return record, compact


# ---------------------------------------------------------------------------
# Sources: entries of a zip or files of a folder, in a stable order


def unsafe_entry_reason(name: str) -> str | None:
    """Why a zip entry name must not be trusted (it could point outside wherever it is put), or None."""
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/"):
        return "is an absolute path"
    if re.match(r"^[A-Za-z]:", name):
        return "starts with a drive letter"
    if "\x00" in name:
        return "contains a NUL character"
    if ".." in name.split("/"):
        return "has a '..' component"
    return None


Entry = tuple[str, "bytes | InvalidRecord"]


def _zip_entries(path: Path, label: str) -> Generator[Entry, None, None]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise StoreError(f"{label} is not a readable zip file ({exc})") from exc
    with archive:
        infos = archive.infolist()
        for info in infos:
            reason = unsafe_entry_reason(info.filename)
            if reason is not None:
                raise StoreError(f"{label}: refusing the zip: entry {info.filename!r} {reason}")
        for info in sorted(infos, key=lambda i: i.filename):
            if info.is_dir() or not info.filename.lower().endswith(RECORD_SUFFIXES):
                continue
            if info.file_size > MAX_RECORD_BYTES:
                yield info.filename, InvalidRecord(info.filename, f"too large ({info.file_size:,} bytes)")
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as exc:
                raise StoreError(f"{label} is corrupt: entry {info.filename!r}: {exc}") from exc
            yield info.filename, data


def _folder_entries(root: Path) -> Generator[Entry, None, None]:
    found: list[Path] = []
    for directory, subdirectories, files in os.walk(root):
        # Hidden folders (.git, .github workflows) hold no records.
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        found.extend(Path(directory) / f for f in files if f.lower().endswith(RECORD_SUFFIXES))
    for path in sorted(found):
        entry = path.relative_to(root).as_posix()
        try:
            size = path.stat().st_size
            if size > MAX_RECORD_BYTES:
                yield entry, InvalidRecord(entry, f"too large ({size:,} bytes)")
                continue
            yield entry, path.read_bytes()
        except OSError as exc:
            yield entry, InvalidRecord(entry, f"cannot read: {exc.strerror or exc}")


# ---------------------------------------------------------------------------
# Building


def _file_name(ecosystem: str) -> str:
    return urllib.parse.quote(ecosystem, safe="") + STORE_SUFFIX


class _Builder:
    """One ecosystem's store file under construction, under a temporary name."""

    def __init__(self, directory: Path, ecosystem: str, source: str) -> None:
        self.ecosystem = ecosystem
        self.source = source
        self.invalid = 0
        self.final_path = directory / _file_name(ecosystem)
        descriptor, name = tempfile.mkstemp(prefix=f".{self.final_path.name}.", suffix=".tmp", dir=directory)
        os.close(descriptor)
        self.path = Path(name)
        self.connection: sqlite3.Connection | None = sqlite3.connect(self.path, isolation_level=None)
        # Durability comes from the fsync before the rename; the journal would only slow the build.
        self.connection.execute("PRAGMA journal_mode=OFF")
        self.connection.execute("PRAGMA synchronous=OFF")
        self.connection.executescript(_SCHEMA)
        self.connection.execute("BEGIN")

    def add(self, record_id: str, modified: str, compact: str, names: Sequence[str]) -> None:
        assert self.connection is not None
        self.connection.execute(
            "INSERT INTO records(id, modified, json) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "modified = excluded.modified, json = excluded.json WHERE excluded.modified > records.modified",
            (record_id, modified, compact),
        )
        self.connection.executemany(
            "INSERT OR IGNORE INTO packages(ecosystem, name, id) VALUES (?, ?, ?)",
            [(self.ecosystem, name, record_id) for name in names],
        )

    def finish(self, built_at: float) -> int:
        assert self.connection is not None
        (count,) = self.connection.execute("SELECT COUNT(*) FROM records").fetchone()
        meta = {
            "schema_version": str(STORE_SCHEMA_VERSION),
            "ecosystem": self.ecosystem,
            "source": self.source,
            "built_at": repr(built_at),
            "records": str(count),
            "invalid": str(self.invalid),
        }
        self.connection.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", sorted(meta.items()))
        self.connection.execute("COMMIT")
        self.connection.close()
        self.connection = None
        with self.path.open("rb+") as handle:
            os.fsync(handle.fileno())
        return int(count)

    def discard(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


@dataclass
class _Collector:
    """Routes the valid records of one or more sources to a builder per ecosystem."""

    directory: Path
    wanted: frozenset[str]
    """Ecosystems to build, compared without case ("debian" is "Debian"); empty means every one named."""
    builders: dict[str, _Builder] = field(default_factory=dict)
    invalid: list[InvalidRecord] = field(default_factory=list)
    ignored: int = 0
    _wanted_lower: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        self._wanted_lower = frozenset(ecosystem.lower() for ecosystem in self.wanted)

    def read(self, entries: Generator[Entry, None, None], source: str, only: str | None = None) -> None:
        """Add a source's records; `only` keeps one ecosystem (a per-ecosystem export)."""
        # Closed here, not whenever it is collected: it holds the zip open.
        with contextlib.closing(entries):
            self._read(entries, source, only)

    def _read(self, entries: Generator[Entry, None, None], source: str, only: str | None) -> None:
        before = set(self.builders)
        invalid_here = 0
        valid_here = 0
        seen: set[str] = set()
        for entry, data in entries:
            decoded = data if isinstance(data, InvalidRecord) else _decode_record(entry, data)
            if isinstance(decoded, InvalidRecord):
                self.invalid.append(decoded)
                invalid_here += 1
                continue
            valid_here += 1
            record, compact = decoded
            by_ecosystem: dict[str, list[str]] = {}
            for ecosystem, name in packages_named(record):
                by_ecosystem.setdefault(ecosystem, []).append(name)
            seen.update(by_ecosystem)
            targets = [e for e in sorted(by_ecosystem) if self._wants(e, only)]
            if not targets:
                self.ignored += 1
                continue
            for ecosystem in targets:
                builder = self.builders.get(ecosystem)
                if builder is None:
                    builder = self.builders[ecosystem] = _Builder(self.directory, ecosystem, source)
                builder.add(record["id"], record["modified"], compact, sorted(by_ecosystem[ecosystem]))
        for ecosystem in set(self.builders) - before:
            self.builders[ecosystem].invalid = invalid_here
        expected = [only] if only is not None else sorted(self.wanted)
        built = {ecosystem.lower() for ecosystem in self.builders}
        missing = [e for e in expected if e.lower() not in built]
        if valid_here == 0:
            raise StoreError(f"no valid OSV records in {source}{self._invalid_summary(invalid_here)}")
        if missing:
            names = ", ".join(sorted(seen)) or "none"
            raise StoreError(f"no records for {', '.join(missing)} in {source} (its records name: {names})")

    def _wants(self, ecosystem: str, only: str | None) -> bool:
        if only is not None:
            return ecosystem.lower() == only.lower()
        return not self._wanted_lower or ecosystem.lower() in self._wanted_lower

    def _invalid_summary(self, count: int) -> str:
        if not count:
            return ""
        examples = "; ".join(record.describe() for record in self.invalid[-count:][:INVALID_EXAMPLES])
        return f" ({count:,} invalid: {examples})"

    def commit(self, started: float) -> UpdateResult:
        built_at = time.time()
        built = []
        for ecosystem in sorted(self.builders):
            builder = self.builders[ecosystem]
            count = builder.finish(built_at)
            built.append(BuiltEcosystem(ecosystem, count, builder.invalid, builder.source, builder.final_path))
        # Only now, with every file complete on disk, does any of them replace its predecessor.
        for ecosystem in sorted(self.builders):
            builder = self.builders[ecosystem]
            os.replace(builder.path, builder.final_path)
        _fsync_directory(self.directory)
        self.builders.clear()
        return UpdateResult(
            built=tuple(built),
            invalid=len(self.invalid),
            invalid_examples=tuple(self.invalid[:INVALID_EXAMPLES]),
            ignored=self.ignored,
            seconds=time.monotonic() - started,
            store_dir=self.directory,
        )

    def discard(self) -> None:
        for builder in self.builders.values():
            builder.discard()
        self.builders.clear()


def _fsync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # Some platforms (Windows) cannot open a folder; the rename is still atomic there.
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _remove_abandoned_files(directory: Path) -> None:
    """Temporary files of an update that was killed: old enough that no running update still writes them."""
    cutoff = time.time() - _ABANDONED_AFTER
    for path in directory.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


def _canonical_ecosystem(name: str, known: Sequence[str]) -> str:
    """The OSV spelling of an ecosystem a person typed ("pypi" -> "PyPI"); unknown names as typed."""
    cleaned = base_ecosystem(name)
    for candidate in known:
        if candidate.lower() == cleaned.lower():
            return candidate
    return cleaned


def _existing_ecosystems(settings: SourceSettings) -> list[str]:
    return sorted(status.ecosystem for status in store_status(settings) if status.problem is None)


def update_store(settings: SourceSettings, *, source: str | None, ecosystems: Sequence[str]) -> UpdateResult:
    """Build or rebuild the store of the given ecosystems (or of every ecosystem `source` has, or of the ones
    already in the store, or of the four the agent reads). Raises StoreError; the previous store stays."""
    started = time.monotonic()
    directory = settings.store_dir
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the store folder {directory}: {exc.strerror or exc}") from exc
    _remove_abandoned_files(directory)
    known = [*KNOWN_ECOSYSTEMS, *_existing_ecosystems(settings)]
    requested = list(dict.fromkeys(_canonical_ecosystem(name, known) for name in ecosystems if name.strip()))
    collector = _Collector(directory, frozenset(requested))
    try:
        if source is None:
            for ecosystem in requested or _existing_ecosystems(settings) or list(ECOSYSTEMS):
                url = f"{settings.export_url}/{urllib.parse.quote(ecosystem, safe='')}/all.zip"
                _read_remote_zip(collector, url, settings, only=ecosystem)
        elif source.startswith(("http://", "https://")):
            _read_remote_zip(collector, source, settings, only=None)
        else:
            _read_local(collector, Path(source).expanduser())
        return collector.commit(started)
    except OSError as exc:
        collector.discard()
        raise StoreError(f"cannot write the store in {directory}: {exc.strerror or exc}") from exc
    except sqlite3.Error as exc:
        collector.discard()
        raise StoreError(f"cannot write the store in {directory}: {exc}") from exc
    except BaseException:
        collector.discard()
        raise


def _read_remote_zip(collector: _Collector, url: str, settings: SourceSettings, *, only: str | None) -> None:
    from agents.dependency.osvhttp import HttpError, LocalWriteError, RetryPolicy, download

    descriptor, name = tempfile.mkstemp(prefix=".download-", suffix=".zip.tmp", dir=collector.directory)
    os.close(descriptor)
    target = Path(name)
    try:
        try:
            download(url, target, RetryPolicy(settings.timeout, settings.retries, settings.backoff))
        except HttpError as exc:
            hint = " (is the ecosystem name spelled as OSV spells it?)" if exc.status == 404 and only else ""
            raise StoreError(f"cannot download {url}: {exc.reason}{hint}") from exc
        except LocalWriteError as exc:
            raise StoreError(f"cannot download {url}: {exc}") from exc
        collector.read(_zip_entries(target, url), url, only=only)
    finally:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()


def _read_local(collector: _Collector, path: Path) -> None:
    label = str(path.resolve()) if path.exists() else str(path)
    if path.is_dir():
        collector.read(_folder_entries(path), label)
    elif path.is_file():
        collector.read(_zip_entries(path, label), label)
    else:
        raise StoreError(f"{path}: no such file or folder (give an http(s) URL, a zip or a folder of OSV records)")


# ---------------------------------------------------------------------------
# Reading


def _connect_read_only(path: Path) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None)


def _read_file(path: Path, now: float) -> tuple[EcosystemStatus, sqlite3.Connection | None]:
    guessed = urllib.parse.unquote(path.name.removesuffix(STORE_SUFFIX))

    def unusable(problem: str) -> tuple[EcosystemStatus, None]:
        return EcosystemStatus(guessed, 0, "", 0.0, 0.0, path, problem=problem), None

    try:
        connection = _connect_read_only(path)
    except sqlite3.Error as exc:
        return unusable(f"cannot open {path}: {exc}")
    try:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        version = meta.get("schema_version")
        if version != str(STORE_SCHEMA_VERSION):
            connection.close()
            written = f"store schema {version}" if version else "an unknown store schema"
            return unusable(
                f"written with {written}, this gatherscan reads store schema {STORE_SCHEMA_VERSION}; "
                "`gatherscan db update` rebuilds it"
            )
        built_at = float(meta["built_at"])
        status = EcosystemStatus(
            ecosystem=meta["ecosystem"],
            records=int(meta["records"]),
            source=meta["source"],
            built_at=built_at,
            age_seconds=max(0.0, now - built_at),
            path=path,
            invalid=int(meta.get("invalid", "0")),
        )
    except (sqlite3.Error, KeyError, ValueError) as exc:
        connection.close()
        reason = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
        return unusable(f"not a gatherscan store ({reason}); `gatherscan db update` rebuilds it")
    return status, connection


class Store:
    """The usable ecosystem files of a store, open for lookups. Close it (or use it as a context manager)."""

    def __init__(self, directory: Path, entries: Mapping[str, tuple[EcosystemStatus, sqlite3.Connection | None]]):
        self.directory = directory
        self._statuses = {ecosystem: status for ecosystem, (status, _) in entries.items()}
        self._connections = {e: c for e, (_, c) in entries.items() if c is not None}

    @property
    def ecosystems(self) -> tuple[str, ...]:
        """Ecosystems with a usable file."""
        return tuple(sorted(self._connections))

    def statuses(self) -> list[EcosystemStatus]:
        return [self._statuses[ecosystem] for ecosystem in sorted(self._statuses)]

    def status(self, ecosystem: str) -> EcosystemStatus | None:
        return self._statuses.get(base_ecosystem(ecosystem))

    def candidates(self, ecosystem: str, name: str) -> list[dict[str, Any]]:
        """Every record that names the package (withdrawn ones too), sorted by id; [] without a usable file.
        A file damaged after it was built raises StoreError."""
        base = base_ecosystem(ecosystem)
        connection = self._connections.get(base)
        if connection is None:
            return []
        try:
            rows = connection.execute(
                "SELECT records.json FROM packages JOIN records ON records.id = packages.id "
                "WHERE packages.ecosystem = ? AND packages.name = ? ORDER BY records.id",
                (base, normalise_name(base, name)),
            ).fetchall()
            return [json.loads(text) for (text,) in rows]
        except (sqlite3.Error, ValueError) as exc:
            path = self._statuses[base].path
            raise StoreError(f"cannot read {path}: {exc}; `gatherscan db update` rebuilds it") from exc

    def close(self) -> None:
        connections, self._connections = self._connections, {}
        for connection in connections.values():
            connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_store(settings: SourceSettings) -> Store | None:
    """The store in the settings' cache folder, or None when it holds no ecosystem file. Never raises:
    a file that cannot be used is listed with its problem in `Store.statuses()`."""
    directory = settings.store_dir
    try:
        paths = sorted(p for p in directory.glob(f"*{STORE_SUFFIX}") if not p.name.startswith("."))
    except OSError:
        return None
    if not paths:
        return None
    now = time.time()
    entries: dict[str, tuple[EcosystemStatus, sqlite3.Connection | None]] = {}
    for path in paths:
        status, connection = _read_file(path, now)
        known = entries.get(status.ecosystem)
        if known is not None:
            # Two files claim one ecosystem (one renamed by hand): keep the usable, newer one.
            if (known[1] is not None, known[0].built_at) >= (connection is not None, status.built_at):
                if connection is not None:
                    connection.close()
                continue
            if known[1] is not None:
                known[1].close()
        entries[status.ecosystem] = (status, connection)
    return Store(directory, entries)


def store_status(settings: SourceSettings) -> list[EcosystemStatus]:
    """Every ecosystem file of the store, sorted by ecosystem; [] when there is none."""
    store = open_store(settings)
    if store is None:
        return []
    with store:
        return store.statuses()
