"""One download from start to verified file: the attempt loop, the HTTP answers, the bytes into the part.

Kept apart from `download` (the client and the public names) because this is where the decisions are:
which answer means resume, restart, retry, or stop with a message. The rules are in the module
docstring of `download`; the comments here say why each branch exists.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final, NoReturn

import httpx2

from app.core.atomic_files import fsync_dir
from app.core.models.download_errors import (
    AccessDeniedError,
    AuthRequiredError,
    ChecksumMismatchError,
    DestinationExistsError,
    DownloadCancelledError,
    DownloadWriteError,
    HTTPStatusDownloadError,
    NotEnoughSpaceError,
    RemoteNotFoundError,
    RetriesExhaustedError,
    ServerFileMismatchError,
    UnverifiableFileError,
)
from app.core.models.download_http import (
    CancelWatch,
    content_total,
    describe,
    first_header,
    parse_retry_after,
    range_start,
)
from app.core.models.download_progress import ProgressCallback, ProgressReporter
from app.core.models.download_spec import CancelSignal, DownloadOptions, DownloadSpec, RetryNote
from app.core.models.download_state import (
    PartRecord,
    as_sha256,
    discard_partial,
    hash_prefix,
    normalize_etag,
    part_path,
    read_record,
    record_path,
    write_record,
)
from app.core.models.verified_files import is_verified, remember_verified

if TYPE_CHECKING:
    from _hashlib import HASH

_NO_SPACE: Final = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_RETRY_STATUSES: Final = frozenset({408, 425, 429, 500, 502, 503, 504})


class _RetryableError(Exception):
    """This attempt failed in a way another attempt may fix."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class DownloadJob:
    """The state of one `Downloader.download` call. Not reusable: make one per call."""

    def __init__(
        self,
        spec: DownloadSpec,
        options: DownloadOptions,
        client: httpx2.Client,
        on_progress: ProgressCallback | None,
        cancel: CancelSignal,
    ) -> None:
        self.spec = spec
        self.options = options
        self.client = client
        self.cancel = cancel
        self.part = part_path(spec.dest)
        self.record_file = record_path(spec.dest)
        self.size = spec.size
        self.sha256 = as_sha256(spec.sha256) if spec.sha256 else None
        if spec.sha256 and self.sha256 is None:
            raise ValueError(f"not a SHA-256: {spec.sha256!r}")
        self.etag = normalize_etag(spec.etag)
        self.record: PartRecord | None = None
        self.hasher: HASH = hashlib.sha256()
        self.offset = 0
        self.fetched = 0
        self.resumed_from = 0
        self.attempts = 0
        self.retries: list[RetryNote] = []
        self.already_present = False
        self._attempt_bytes = 0
        self._space_checked = False
        self._progress = ProgressReporter(on_progress, options.progress_interval)

    # ------------------------------------------------------------------ the loop

    def run(self) -> tuple[Path, int, str]:
        """(path, size, sha256) of the verified file; raises a `DownloadError` subclass otherwise."""
        spec = self.spec
        if self.sha256 and self.size is not None and spec.dest.exists():
            if is_verified(spec.dest, self.sha256, self.size):
                self.already_present = True
                return spec.dest, self.size, self.sha256
            raise DestinationExistsError(spec.display_name, spec.dest)
        self._adopt_part()
        failures = 0
        while not self._complete():
            self._raise_if_cancelled()
            self._check_space()
            self.attempts += 1
            self._attempt_bytes = 0
            try:
                self._attempt()
            except _RetryableError as retry:
                if self.cancel.is_set():
                    self._raise_cancelled()
                failures = 0 if self._attempt_bytes else failures + 1
                if failures > self.options.max_retries:
                    raise RetriesExhaustedError(spec.display_name, self.attempts, retry.reason) from None
                delay = self._delay(failures, retry.retry_after)
                self.retries.append(RetryNote(retry.reason, delay))
                self._progress.meter.reset()
                self._emit("retrying", force=True)
                if self.cancel.wait(delay):
                    self._raise_cancelled()
        return self._finish()

    def _complete(self) -> bool:
        return self.size is not None and self.offset == self.size and self.sha256 is not None

    def _delay(self, failures: int, retry_after: float | None) -> float:
        """Exponential backoff with jitter, so many clients that failed together do not retry together."""
        options = self.options
        backoff = min(options.backoff_max, options.backoff_base * 2.0 ** max(0, failures - 1))
        delay = backoff * (0.5 + 0.5 * options.jitter())
        if retry_after is not None:
            delay = max(delay, min(retry_after, options.max_retry_after))
        return delay

    # ------------------------------------------------------------------ the kept part

    def _adopt_part(self) -> None:
        """Continue a part from an earlier run when its record says it is the same file; else drop it."""
        record = read_record(self.record_file)
        exists = self.part.exists()
        if record is None or not record.matches(self.spec.url, self.size, self.sha256, self.etag):
            if exists or record is not None:
                discard_partial(self.spec.dest)
            return
        if not exists:
            return
        self.record = record
        self.size = self.size if self.size is not None else record.size
        self.sha256 = self.sha256 or record.sha256
        self.etag = self.etag or record.etag
        if self.size is not None and self.part.stat().st_size > self.size:
            self._restart_part()
            return
        self._emit("checking", force=True)
        hashed = hash_prefix(self.part, self.cancel.is_set)
        if hashed is None:
            self._raise_cancelled()
        self.hasher, self.offset = hashed
        self.resumed_from = self.offset

    def _restart_part(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.part.unlink()
        self.hasher = hashlib.sha256()
        self.offset = 0
        self._space_checked = False  # starting over needs room for the whole file again

    def _check_space(self) -> None:
        """Refuse to start what cannot finish; checked once, as soon as the size is known."""
        if self._space_checked or self.size is None:
            return
        self._space_checked = True
        folder = self.spec.dest.parent
        needed = self.size - self.offset + self.options.disk_margin
        try:
            free = self.options.free_space(folder)
        except OSError:
            return
        if free < needed:
            raise NotEnoughSpaceError(folder, needed, free)

    # ------------------------------------------------------------------ one attempt

    def _attempt(self) -> None:
        headers = {"Accept-Encoding": "identity"}
        if self.spec.token:
            headers["Authorization"] = f"Bearer {self.spec.token}"
        if self.offset > 0:
            headers["Range"] = f"bytes={self.offset}-"
        try:
            with self.client.stream("GET", self.spec.url, headers=headers) as response:
                self._answer(response)
        except httpx2.TransportError as exc:
            raise _RetryableError(describe(exc)) from exc

    def _answer(self, response: httpx2.Response) -> None:
        status = response.status_code
        name = self.spec.display_name
        if status == 416:
            self._range_not_satisfiable(response)
            return
        if status == 401:
            gated = response.headers.get("X-Error-Code") == "GatedRepo"
            raise AuthRequiredError(name, gated=gated, token_sent=bool(self.spec.token))
        if status == 403:
            raise AccessDeniedError(name)
        if status == 404:
            raise RemoteNotFoundError(name, self.spec.url, response.headers.get("X-Error-Code"))
        if status in _RETRY_STATUSES or status >= 500:
            raise _RetryableError(
                f"HTTP {status}", retry_after=parse_retry_after(response.headers.get("Retry-After"))
            )
        if status not in (200, 206):
            raise HTTPStatusDownloadError(name, status, self.spec.url)
        total = self._learn(response)
        if status == 206:
            start = range_start(response.headers.get("Content-Range"))
            if start != self.offset:
                self._restart_part()
                raise _RetryableError(f"the server sent bytes from {start}, not from {self.offset}")
        elif self.offset > 0:
            self._restart_part()  # 200 to a ranged request: the whole file follows, from byte 0
        self._check_space()
        self._receive(response)
        if self.size is None:
            self.size = total if total is not None else self.offset
        if self.offset < self.size:
            raise _RetryableError("the connection ended early")
        if self.offset > self.size:
            self._restart_part()
            raise _RetryableError("the server sent more bytes than the file has")

    def _learn(self, response: httpx2.Response) -> int | None:
        """Take size and checksum from the answer, check them against what is known, and record them.

        On the Hub the ``X-Linked-*`` headers are on the first answer and a CDN serves the bytes after a
        redirect, so the whole redirect chain is searched.
        """
        name = self.spec.display_name
        chain = [*response.history, response]
        linked_size = first_header(chain, "X-Linked-Size")
        total: int | None = int(linked_size) if linked_size and linked_size.isdigit() else None
        if total is None:
            total = content_total(response)
        linked_etag = first_header(chain, "X-Linked-Etag") or response.headers.get("ETag")
        server_sha = as_sha256(linked_etag)
        etag = normalize_etag(linked_etag)
        if total is not None and self.size is not None and total != self.size:
            if self.spec.size is not None:
                raise ServerFileMismatchError(name, f"{total:,} bytes, expected {self.spec.size:,}")
            self._changed_upstream()
        if server_sha and self.sha256 and server_sha != self.sha256:
            if self.spec.sha256:
                raise ServerFileMismatchError(name, f"SHA-256 {server_sha}, expected {self.sha256}")
            self._changed_upstream()
        self.size = self.size if self.size is not None else total
        self.sha256 = self.sha256 or server_sha
        self.etag = self.etag or etag
        if self.sha256 is None:
            raise UnverifiableFileError(name)
        record = PartRecord(url=self.spec.url, size=self.size, sha256=self.sha256, etag=self.etag)
        if record != self.record:
            write_record(self.record_file, record)
            self.record = record
        return total

    def _changed_upstream(self) -> NoReturn:
        """The part came from an older version of an unpinned file: it is worthless, start over."""
        self._restart_part()
        self.size = self.sha256 = self.etag = self.record = None
        raise _RetryableError("the file changed on the server; starting again")

    def _range_not_satisfiable(self, response: httpx2.Response) -> None:
        """416 after a resume: either the part is already whole, or it is longer than the file."""
        total = content_total(response)
        if total is not None and total == self.offset > 0:
            if self.size is not None and total != self.size:
                raise ServerFileMismatchError(self.spec.display_name, f"{total:,} bytes")
            self.size = total
            if self.sha256 is None:
                raise UnverifiableFileError(self.spec.display_name)
            return
        self._restart_part()
        raise _RetryableError("the server refused the resume position")

    # ------------------------------------------------------------------ the bytes

    def _receive(self, response: httpx2.Response) -> None:
        """Append the body to the part while hashing it. Every byte received is written at once, even
        when the connection fails, so a retry asks only for what is missing."""
        try:
            sink: BinaryIO = self.part.open("ab", buffering=0)
        except OSError as exc:
            raise self._write_error(exc) from exc
        with CancelWatch(response, self.cancel):
            try:
                try:
                    for piece in response.iter_raw():
                        if self.cancel.is_set():
                            break
                        _write_piece(sink, piece)
                        self.hasher.update(piece)
                        self.offset += len(piece)
                        self.fetched += len(piece)
                        self._attempt_bytes += len(piece)
                        self._progress.meter.add(self.fetched)
                        self._emit("downloading")
                finally:
                    sink.close()
            except OSError as exc:  # httpx errors are not OSErrors; this is the disk
                raise self._write_error(exc) from exc
        if self.cancel.is_set():
            self._raise_cancelled()

    def _write_error(self, exc: OSError) -> Exception:
        if exc.errno in _NO_SPACE:
            folder = self.spec.dest.parent
            needed = (self.size - self.offset) if self.size is not None else 0
            try:
                free: int | None = self.options.free_space(folder)
            except OSError:
                free = None
            return NotEnoughSpaceError(folder, needed, free)
        return DownloadWriteError(self.part, exc.strerror or str(exc))

    # ------------------------------------------------------------------ the end

    def _finish(self) -> tuple[Path, int, str]:
        spec = self.spec
        if self.size is None or self.sha256 is None:  # _complete() guarantees both
            raise UnverifiableFileError(spec.display_name)
        self._emit("verifying", force=True)
        actual = self.hasher.hexdigest()
        if actual != self.sha256:
            discard_partial(spec.dest)
            raise ChecksumMismatchError(spec.display_name, self.sha256, actual)
        if spec.dest.exists() and not is_verified(spec.dest, self.sha256, self.size):
            # Same name, other bytes (another repo's model.gguf, an imported file): never overwrite it.
            raise DestinationExistsError(spec.display_name, spec.dest)
        try:
            with self.part.open("rb+") as handle:
                os.fsync(handle.fileno())
            self.part.replace(spec.dest)
            fsync_dir(spec.dest.parent)
        except OSError as exc:
            raise self._write_error(exc) from exc
        remember_verified(spec.dest, self.sha256)
        with contextlib.suppress(FileNotFoundError):
            self.record_file.unlink()
        self._emit("done", force=True)
        return spec.dest, self.size, self.sha256

    # ------------------------------------------------------------------ reporting

    def _emit(self, phase: str, *, force: bool = False) -> None:
        self._progress.emit(phase, self.offset, self.size, self.resumed_from, force=force)

    def _raise_if_cancelled(self) -> None:
        if self.cancel.is_set():
            self._raise_cancelled()

    def _raise_cancelled(self) -> NoReturn:
        raise DownloadCancelledError(self.spec.display_name, self.offset, self.size)


def _write_piece(sink: BinaryIO, piece: bytes) -> None:
    """Every downloaded byte is written here (so tests can simulate a full disk). Unbuffered: a read is
    up to 1 MiB already, and what was received is on its way to disk before the next read."""
    view = memoryview(piece)
    while view:
        view = view[sink.write(view) :]
