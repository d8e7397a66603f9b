"""A stand-in for OSV's services on 127.0.0.1, for tests and benchmarks that must not use the network.

`OsvServer` is a real ThreadingHTTPServer in a thread (port 0, used as a context manager) that serves:

- `POST /v1/querybatch`: {"queries": [{"package": {"name", "ecosystem"}, "version", "page_token"?}]} ->
  {"results": [{"vulns": [{"id", "modified"}], "next_page_token"?} | {}]}, at most 1,000 queries (400 past it)
- `POST /v1/query`: one such query -> {"vulns": [full records], "next_page_token"?} | {} (pip-audit's --osv-url)
- `GET /v1/vulns/<id>`: the full record, or 404
- `GET /<Ecosystem>/all.zip`: a zip of `<id>.json` for every record naming the ecosystem, or 404

Matching is an oracle independent of gatherscan's matcher: a version matches a record when it is in one of
the record's `versions` lists for that package (compared as packaging Versions for PyPI, as strings
elsewhere). Names are compared canonicalised (packaging's canonicalize_name for PyPI, exact elsewhere).

Fault switches (set on the server between requests): `fail(path_prefix, times, status)` answers with an
error status, `delay_seconds`/`delay_path` stall before answering, `truncate_zip` serves half of each zip,
`extra_zip_entries` adds raw entries (e.g. "../evil.json"), `page_size` pages query results. `requests`
counts every request per path; `batch_sizes` records the number of queries in each querybatch.

The records default to the pypa/advisory-database snapshot in shared/osv-pypa (2,661 PyPI records, YAML),
loaded once per process.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import threading
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from analyzer.dataformats import parse_yaml

SNAPSHOT = (Path(__file__).resolve().parents[2] / "shared" / "osv-pypa").resolve()
MAX_BATCH = 1000

Record = Mapping[str, Any]

_ZIPS: dict[tuple[object, ...], bytes] = {}
_ZIP_LOCK = threading.Lock()


def _timestamp(value: object) -> str:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        m = moment.astimezone(timezone.utc)
        fraction = f".{m.microsecond:06d}" if m.microsecond else ""
        return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}{fraction}Z"
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"no JSON form for {type(value).__name__}")


@functools.lru_cache(maxsize=2)
def _load_snapshot(root: Path) -> tuple[str, ...]:
    texts = []
    for path in sorted((root / "vulns").rglob("*.yaml")):
        data = parse_yaml(path.read_text(encoding="utf-8"))
        texts.append(json.dumps(data, default=_timestamp, sort_keys=True))
    return tuple(texts)


def snapshot_records(root: Path = SNAPSHOT) -> list[dict[str, Any]]:
    """The snapshot's records as OSV JSON (fresh copies: callers may change them)."""
    return [json.loads(text) for text in _load_snapshot(root)]


def _base(ecosystem: str) -> str:
    return ecosystem.split(":", 1)[0]


def _key(ecosystem: str, name: str) -> tuple[str, str]:
    base = _base(ecosystem)
    return (base, canonicalize_name(name) if base == "PyPI" else name)


@functools.cache
def _pypi_version(text: str) -> Version | str:
    try:
        return Version(text)
    except InvalidVersion:
        return text


def _same_version(ecosystem: str, listed: str, wanted: str) -> bool:
    if _base(ecosystem) == "PyPI":
        return _pypi_version(listed) == _pypi_version(wanted)
    return listed == wanted


def build_zip(records: Iterable[Record], extra_entries: Mapping[str, bytes] | None = None) -> bytes:
    """A zip like OSV's all.zip: `<id>.json` per record, plus raw extra entries under any name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for record in sorted(records, key=lambda r: str(r["id"])):
            archive.writestr(f"{record['id']}.json", json.dumps(record, indent=2))
        for name, data in (extra_entries or {}).items():
            # ZipInfo keeps the name as given ("../x", "/x", "a\\b"): exactly what a hostile zip holds.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def write_snapshot_zip(path: Path, ecosystem: str = "PyPI", records: Iterable[Record] | None = None) -> Path:
    """Write all.zip of the snapshot's (or the given) records that name `ecosystem`; returns `path`."""
    chosen = snapshot_records() if records is None else list(records)
    wanted = [r for r in chosen if any(_names_ecosystem(a, ecosystem) for a in r.get("affected", []))]
    path.write_bytes(build_zip(wanted))
    return path


def _names_ecosystem(affected: object, ecosystem: str) -> bool:
    package = affected.get("package") if isinstance(affected, dict) else None
    return isinstance(package, dict) and _base(str(package.get("ecosystem", ""))) == ecosystem


class OsvServer:
    """See the module docstring. Use as `with OsvServer() as server: ... server.url ...`."""

    def __init__(self, records: Iterable[Record] | None = None, *, page_size: int | None = None) -> None:
        self.records: dict[str, Record] = {}
        self._by_package: dict[tuple[str, str], list[Record]] = {}
        self._lock = threading.Lock()
        for record in snapshot_records() if records is None else records:
            self.add(record)
        self.page_size = page_size
        self.delay_seconds = 0.0
        self.delay_path = ""
        self.truncate_zip = False
        self.extra_zip_entries: dict[str, bytes] = {}
        self.requests: Counter[str] = Counter()
        self.batch_sizes: list[int] = []
        self._failures: list[tuple[str, int, int]] = []
        self._closing = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- data -----------------------------------------------------------------------------------------

    def add(self, record: Record) -> None:
        """Serve one more record (replacing one with the same id)."""
        old = self.records.get(str(record["id"]))
        if old is not None:
            for rows in self._by_package.values():
                if old in rows:
                    rows.remove(old)
        self.records[str(record["id"])] = record
        for affected in record.get("affected", []):
            package = affected.get("package") or {}
            if "ecosystem" in package and "name" in package:
                rows = self._by_package.setdefault(_key(package["ecosystem"], package["name"]), [])
                if record not in rows:
                    rows.append(record)

    def matching(self, ecosystem: str, name: str, version: str) -> list[Record]:
        """The oracle: records whose `versions` list for this package holds `version`, sorted by id."""
        key = _key(ecosystem, name)
        found = []
        for record in self._by_package.get(key, []):
            for affected in record.get("affected", []):
                package = affected.get("package") or {}
                if _key(str(package.get("ecosystem", "")), str(package.get("name", ""))) != key:
                    continue
                if any(_same_version(ecosystem, str(v), version) for v in affected.get("versions", [])):
                    found.append(record)
                    break
        return sorted(found, key=lambda r: str(r["id"]))

    def zip_for(self, ecosystem: str) -> bytes | None:
        """all.zip of the ecosystem as served now (extra entries and truncation included); None: no records."""
        records = [r for r in self.records.values() if any(_names_ecosystem(a, ecosystem) for a in r["affected"])]
        if not records:
            return None
        # Zipping 2,661 records takes a while: the same content is zipped once per process.
        key = (
            tuple(sorted((str(r["id"]), str(r["modified"])) for r in records)),
            tuple(sorted(self.extra_zip_entries.items())),
        )
        with _ZIP_LOCK:
            data = _ZIPS.get(key)
            if data is None:
                data = build_zip(records, self.extra_zip_entries)
                _ZIPS.clear()
                _ZIPS[key] = data
        return data[: len(data) // 2] if self.truncate_zip else data

    # -- faults and counts ----------------------------------------------------------------------------

    def fail(self, path_prefix: str = "/", times: int = 1, status: int = 500) -> None:
        """Answer the next `times` requests under `path_prefix` with `status` (times=-1: for ever)."""
        with self._lock:
            self._failures.append((path_prefix, times, status))

    def _take_failure(self, path: str) -> int | None:
        with self._lock:
            for index, (prefix, times, status) in enumerate(self._failures):
                if path.startswith(prefix) and times != 0:
                    if times > 0:
                        self._failures[index] = (prefix, times - 1, status)
                    return status
        return None

    def count(self, path_prefix: str) -> int:
        """Requests so far whose path starts with `path_prefix`."""
        with self._lock:
            return sum(n for path, n in self.requests.items() if path.startswith(path_prefix))

    def reset_counts(self) -> None:
        with self._lock:
            self.requests.clear()
            self.batch_sizes.clear()

    # -- life cycle -----------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._httpd is not None, "the server is not running"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> OsvServer:
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="osv-test-server", daemon=True
        )
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._closing.set()
        assert self._httpd is not None and self._thread is not None
        self._httpd.shutdown()
        self._httpd.server_close()  # joins the handler threads: stalled ones wake up on _closing
        self._thread.join()
        self._httpd = None

    # -- request handling -----------------------------------------------------------------------------

    def _record_request(self, path: str, queries: int | None = None) -> None:
        with self._lock:
            self.requests[path] += 1
            if queries is not None:
                self.batch_sizes.append(queries)

    def _stall(self, path: str) -> None:
        if self.delay_seconds and path.startswith(self.delay_path or "/"):
            self._closing.wait(self.delay_seconds)

    def _page(self, items: Sequence[Record], token: object) -> tuple[Sequence[Record], str | None]:
        offset = int(base64.urlsafe_b64decode(token.encode()).decode()) if isinstance(token, str) and token else 0
        if self.page_size is None:
            return items[offset:], None
        end = offset + self.page_size
        more = base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(items) else None
        return items[offset:end], more

    def _answer_query(self, query: object, full: bool) -> dict[str, Any]:
        if not isinstance(query, dict) or not isinstance(query.get("package"), dict):
            raise ValueError("each query needs a package")
        package = query["package"]
        found = self.matching(str(package.get("ecosystem", "")), str(package.get("name", "")), str(query["version"]))
        page, token = self._page(found, query.get("page_token"))
        if not page and token is None:
            return {}  # what the real API sends for a query without matches
        vulns = [dict(r) if full else {"id": r["id"], "modified": r["modified"]} for r in page]
        return {"vulns": vulns, **({"next_page_token": token} if token else {})}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = False  # server_close() then waits for every handler thread: nothing outlives the test

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a timeout test) closes its socket while a stalled handler still writes.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler_for(server: OsvServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: object) -> None:
            self._send(status, json.dumps(data).encode())

        def _prelude(self, queries: int | None = None) -> bool:
            """Count, stall and maybe fail the request; True when it has been answered already."""
            server._record_request(self.path, queries)
            server._stall(self.path)
            status = server._take_failure(self.path)
            if status is not None:
                self._json(status, {"code": 13, "message": f"injected failure {status}"})
                return True
            return False

        def do_GET(self) -> None:
            if self._prelude():
                return
            if self.path.startswith("/v1/vulns/"):
                record = server.records.get(self.path.removeprefix("/v1/vulns/"))
                if record is None:
                    self._json(404, {"code": 5, "message": "Bug not found."})
                else:
                    self._json(200, record)
                return
            if self.path.endswith("/all.zip"):
                from urllib.parse import unquote

                data = server.zip_for(unquote(self.path.strip("/").removesuffix("/all.zip")))
                if data is None:
                    self._send(404, b"<Error><Code>NoSuchKey</Code></Error>", "application/xml")
                else:
                    self._send(200, data, "application/zip")
                return
            self._json(404, {"code": 5, "message": "Not found."})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"null")
            except ValueError:
                body = None
            queries = body.get("queries") if isinstance(body, dict) else None
            if self._prelude(len(queries) if self.path == "/v1/querybatch" and isinstance(queries, list) else None):
                return
            try:
                if self.path == "/v1/querybatch":
                    if not isinstance(queries, list):
                        raise ValueError("queries must be a list")
                    if len(queries) > MAX_BATCH:
                        raise ValueError(f"Too many queries (max {MAX_BATCH})")
                    self._json(200, {"results": [server._answer_query(q, full=False) for q in queries]})
                elif self.path == "/v1/query":
                    self._json(200, server._answer_query(body, full=True))
                else:
                    self._json(404, {"code": 5, "message": "Not found."})
            except (ValueError, KeyError, TypeError) as exc:
                self._json(400, {"code": 3, "message": str(exc)})

    return Handler
