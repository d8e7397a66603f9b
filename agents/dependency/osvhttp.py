"""HTTP for the vulnerability sources: urllib with a timeout, bounded retries and errors that say what failed.

Retried: 5xx and 429 answers, timeouts, refused or dropped connections, failed name resolution. Any other
HTTP error status is final at once. After the last attempt an HttpError carries the URL, the status (if
an answer came) and a short reason that callers put in front of people.
"""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import IO, TypeVar

from analyzer import __version__

USER_AGENT = f"gatherscan/{__version__} (+vulnerability lookup)"
_RETRY_AFTER_CAP = 30.0
_CHUNK = 1 << 20

T = TypeVar("T")


class HttpError(Exception):
    """A request that failed for good: `reason` is short enough to sit in parentheses."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        super().__init__(f"{reason} ({url})")


@dataclass(frozen=True)
class RetryPolicy:
    timeout: float
    retries: int
    backoff: float

    def delay(self, attempt: int, retry_after: float | None) -> float:
        exponential: float = self.backoff * 2.0**attempt
        if retry_after is not None:
            return max(exponential, min(retry_after, _RETRY_AFTER_CAP))
        return exponential


class LocalWriteError(Exception):
    """Saving an answer failed on this machine (disk full, permissions): not the server's fault, not retried."""


class _Retryable(Exception):
    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


def _status_reason(status: int, phrase: str) -> str:
    return f"HTTP {status} {phrase}".rstrip()


def _retry_after(headers: Message | None) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _connection_reason(exc: BaseException) -> str:
    """Name the kind of connection failure the way a person would look for it."""
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        inner = exc.reason
        if isinstance(inner, BaseException):
            return _connection_reason(inner)
        return str(inner)
    if isinstance(exc, socket.gaierror):
        return "name resolution failed"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "server closed the connection without an answer"
    if isinstance(exc, http.client.IncompleteRead):
        return "answer cut short"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(text)


def _attempt(request: urllib.request.Request, policy: RetryPolicy, consume: Callable[[IO[bytes], Message], T]) -> T:
    try:
        with urllib.request.urlopen(request, timeout=policy.timeout) as response:
            return consume(response, response.headers)
    except urllib.error.HTTPError as exc:
        headers = exc.headers
        exc.close()
        if exc.code >= 500 or exc.code == 429:
            raise _Retryable(_status_reason(exc.code, exc.reason), exc.code, _retry_after(headers)) from exc
        raise HttpError(request.full_url, _status_reason(exc.code, exc.reason), exc.code) from exc
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = _connection_reason(exc)
        if reason == "timed out":
            reason = f"timed out after {policy.timeout:g} s"
        raise _Retryable(reason) from exc


def request(
    url: str,
    policy: RetryPolicy,
    consume: Callable[[IO[bytes], Message], T],
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> T:
    """Send one request (POST when `body` is given) and hand the answer to `consume`, retrying as the policy says."""
    if not url.startswith(("http://", "https://")):
        raise HttpError(url, "only http and https URLs are supported")
    all_headers = {"User-Agent": USER_AGENT, **(headers or {})}
    if body is not None:
        all_headers.setdefault("Content-Type", "application/json")
    attempts = policy.retries + 1
    for attempt in range(attempts):
        prepared = urllib.request.Request(url, data=body, headers=all_headers, method="GET" if body is None else "POST")
        try:
            return _attempt(prepared, policy, consume)
        except _Retryable as exc:
            if attempt + 1 >= attempts:
                tries = f" after {attempts} attempts" if attempts > 1 else ""
                raise HttpError(url, f"{exc.reason}{tries}", exc.status) from exc
            time.sleep(policy.delay(attempt, exc.retry_after))
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _decoded_body(stream: IO[bytes], headers: Message) -> bytes:
    data = stream.read()
    length = headers.get("Content-Length")
    if length is not None and length.isdigit() and len(data) < int(length):
        raise http.client.IncompleteRead(data, int(length) - len(data))
    if headers.get("Content-Encoding", "").lower() == "gzip":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise _Retryable(f"answer is not valid gzip: {exc}") from exc
    return data


def get_json(url: str, policy: RetryPolicy, *, body: object | None = None) -> object:
    """JSON from a GET, or from a POST of `body` as JSON. A malformed answer is an HttpError, not retried."""
    payload = json.dumps(body).encode("utf-8") if body is not None else None
    data = request(
        url,
        policy,
        _decoded_body,
        body=payload,
        headers={"Accept": "application/json", "Accept-Encoding": "gzip"},
    )
    try:
        return json.loads(data)
    except (UnicodeDecodeError, ValueError) as exc:
        raise HttpError(url, f"answer is not JSON: {exc}") from exc


def download(url: str, target: Path, policy: RetryPolicy) -> int:
    """Stream `url` into `target` (created or truncated), returning the number of bytes written."""

    def save(stream: IO[bytes], headers: Message) -> int:
        written = 0
        try:
            out = target.open("wb")
        except OSError as exc:
            raise LocalWriteError(f"cannot write {target}: {exc.strerror or exc}") from exc
        with out:
            while chunk := stream.read(_CHUNK):
                try:
                    out.write(chunk)
                except OSError as exc:
                    raise LocalWriteError(f"cannot write {target}: {exc.strerror or exc}") from exc
                written += len(chunk)
        length = headers.get("Content-Length")
        if length is not None and length.isdigit() and written < int(length):
            raise http.client.IncompleteRead(b"", int(length) - written)
        return written

    return request(url, policy, save)
