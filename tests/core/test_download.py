"""Resumable, verified downloads against a real loopback Hub that misbehaves on request.

Each test serves a few MB generated from a fixed seed and checks what the user would see: the file in
place (or not), the message, and the bytes the server had to send, which is how "resumed" is proven.
"""

from __future__ import annotations

import email.utils
import errno
import hashlib
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from app.core.models import download_job
from app.core.models.download import (
    Downloader,
    DownloadOptions,
    DownloadProgress,
    DownloadSpec,
    NetworkSettings,
    hub_download_spec,
    part_path,
    record_path,
)
from app.core.models.download_errors import (
    AccessDeniedError,
    AuthRequiredError,
    ChecksumMismatchError,
    DownloadCancelledError,
    NotEnoughSpaceError,
    RemoteNotFoundError,
    RetriesExhaustedError,
    ServerFileMismatchError,
    UnsafeFilenameError,
)
from app.core.models.download_http import parse_retry_after
from app.core.models.download_progress import SpeedMeter
from app.core.models.download_queue import DownloadQueue, DownloadStatus
from app.core.models.download_state import PartRecord, write_record
from app.core.models.remote_names import local_path_for, safe_relative_path
from app.core.models.verified_files import is_verified
from tests.support.hub_server import Fail, HubFile, HubServer

REPO = "test-org/tiny-model-GGUF"
NAME = "tiny-model.Q4_0.gguf"
DATA = random.Random(20240501).randbytes(3 * 1024 * 1024 + 12_345)
SHA = hashlib.sha256(DATA).hexdigest()
CHUNK = 64 * 1024
FAST = DownloadOptions(
    read_size=CHUNK,
    backoff_base=0.01,
    backoff_max=0.05,
    stall_timeout=1.0,
    progress_interval=0.0,
    disk_margin=0,
)


@pytest.fixture
def served(hub_server: HubServer) -> HubFile:
    return hub_server.add_file(REPO, NAME, DATA)


@pytest.fixture
def downloader(hub_server: HubServer) -> Iterator[Downloader]:
    with Downloader(NetworkSettings(endpoint=hub_server.endpoint), FAST) as client:
        yield client


def spec_for(hub: HubServer, folder: Path, **fields: Any) -> DownloadSpec:
    return replace(hub_download_spec(NetworkSettings(endpoint=hub.endpoint), REPO, NAME, folder), **fields)


def assert_nothing_partial(dest: Path) -> None:
    assert not part_path(dest).exists()
    assert not record_path(dest).exists()


# ---------------------------------------------------------------------------------------------- success


def test_plain_download_learns_size_and_checksum_from_the_server(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    seen: list[DownloadProgress] = []
    result = downloader.download(spec_for(hub_server, tmp_path), on_progress=seen.append)

    assert result.path == tmp_path / NAME
    assert result.path.read_bytes() == DATA
    assert (result.size, result.sha256, result.fetched, result.attempts) == (len(DATA), SHA, len(DATA), 1)
    assert is_verified(result.path, SHA, len(DATA))
    assert_nothing_partial(result.path)
    assert served.get_requests == 1 and served.bytes_served == len(DATA)
    dones = [p.done for p in seen]
    assert dones == sorted(dones) and seen[-1].phase == "done" and seen[-1].total == len(DATA)


def test_a_file_already_in_place_is_not_fetched_again(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    spec = spec_for(hub_server, tmp_path, size=len(DATA), sha256=SHA)
    downloader.download(spec)
    again = downloader.download(spec)
    assert again.already_present and again.fetched == 0
    assert served.get_requests == 1


# ---------------------------------------------------------------------------------------------- faults


def test_survives_three_disconnects_and_refetches_at_most_one_chunk_per_fault(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    served.drop_after(700_001, times=3)
    result = downloader.download(spec_for(hub_server, tmp_path))

    assert result.path.read_bytes() == DATA
    assert len(result.retries) == 3 and served.get_requests == 4
    assert served.bytes_served - len(DATA) <= 3 * CHUNK
    starts = [int(h.removeprefix("bytes=").rstrip("-")) for h in served.range_headers[1:] if h]
    assert len(starts) == 3 and starts == sorted(starts) and starts[0] > 0


def test_wrong_bytes_are_refused_with_a_clear_error_and_never_installed(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    served.corrupt = True
    dest = tmp_path / NAME
    with pytest.raises(ChecksumMismatchError) as caught:
        downloader.download(spec_for(hub_server, tmp_path))

    assert "damaged or not the expected file" in str(caught.value) and SHA in str(caught.value)
    assert not dest.exists()
    assert_nothing_partial(dest)


def test_a_pinned_checksum_the_server_contradicts_stops_before_any_byte(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    with pytest.raises(ServerFileMismatchError, match="not the expected file"):
        downloader.download(spec_for(hub_server, tmp_path, sha256="ab" * 32))
    assert not part_path(tmp_path / NAME).exists() and not (tmp_path / NAME).exists()


def test_5xx_is_retried_then_succeeds(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    served.fail(503, times=2)
    result = downloader.download(spec_for(hub_server, tmp_path))
    assert result.path.read_bytes() == DATA
    assert [note.reason for note in result.retries] == ["HTTP 503", "HTTP 503"]


def test_endless_5xx_gives_up_with_a_clear_error(
    hub_server: HubServer, served: HubFile, tmp_path: Path
) -> None:
    served.fail(500, times=50)
    options = replace(FAST, max_retries=2)
    with (
        Downloader(NetworkSettings(endpoint=hub_server.endpoint), options) as client,
        pytest.raises(RetriesExhaustedError, match=r"after 3 attempts \(HTTP 500\)"),
    ):
        client.download(spec_for(hub_server, tmp_path))


def test_429_honours_retry_after_up_to_the_configured_cap(
    hub_server: HubServer, served: HubFile, tmp_path: Path
) -> None:
    served.fail(429, retry_after="7")
    options = replace(FAST, max_retry_after=0.2)
    with Downloader(NetworkSettings(endpoint=hub_server.endpoint), options) as client:
        result = client.download(spec_for(hub_server, tmp_path))
    assert [note.delay for note in result.retries] == [0.2]


def test_a_stall_is_detected_and_the_download_resumes(
    hub_server: HubServer, served: HubFile, tmp_path: Path
) -> None:
    served.stall(after=200_000, seconds=10)
    options = replace(FAST, stall_timeout=0.3)
    started = time.monotonic()
    with Downloader(NetworkSettings(endpoint=hub_server.endpoint), options) as client:
        result = client.download(spec_for(hub_server, tmp_path))
    assert time.monotonic() - started < 1.5
    assert result.path.read_bytes() == DATA
    assert "stalled" in result.retries[0].reason
    assert served.range_headers[1] == "bytes=200000-"


def test_a_slow_first_byte_within_the_stall_timeout_is_fine(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    served.slow_start(0.3)
    result = downloader.download(spec_for(hub_server, tmp_path))
    assert result.retries == () and result.path.read_bytes() == DATA


def test_a_server_that_ignores_range_restarts_from_zero_safely(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    served.ignore_range = True
    served.drop_after(1_000_000)
    result = downloader.download(spec_for(hub_server, tmp_path))
    assert result.path.read_bytes() == DATA
    assert served.statuses == [200, 200] and served.range_headers[1] == "bytes=1000000-"


def test_416_on_a_complete_part_finishes_without_fetching(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    """A run killed after the last byte, before the rename, whose record never learned the size."""
    spec = spec_for(hub_server, tmp_path)
    part_path(spec.dest).write_bytes(DATA)
    write_record(record_path(spec.dest), PartRecord(spec.url, None, SHA, SHA))
    result = downloader.download(spec)
    assert result.path.read_bytes() == DATA and result.fetched == 0
    assert served.statuses == [416] and served.bytes_served == 0


def test_a_complete_part_with_a_full_record_needs_no_request(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    spec = spec_for(hub_server, tmp_path)
    part_path(spec.dest).write_bytes(DATA)
    write_record(record_path(spec.dest), PartRecord(spec.url, len(DATA), SHA, SHA))
    assert downloader.download(spec).path.read_bytes() == DATA
    assert served.get_requests == 0


def test_416_in_the_middle_restarts_the_file(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    served.inject(Fail(416))
    spec = spec_for(hub_server, tmp_path)
    part_path(spec.dest).write_bytes(DATA[:100_000])
    write_record(record_path(spec.dest), PartRecord(spec.url, len(DATA), SHA, SHA))
    assert downloader.download(spec).path.read_bytes() == DATA
    assert served.range_headers == ["bytes=100000-", None]


# ---------------------------------------------------------------------------------------------- resume


def test_resume_after_a_restart_fetches_only_the_remainder(
    hub_server: HubServer, served: HubFile, tmp_path: Path
) -> None:
    cancel = threading.Event()

    def stop_after_a_megabyte(progress: DownloadProgress) -> None:
        if progress.done >= 1_000_000:
            cancel.set()

    network = NetworkSettings(endpoint=hub_server.endpoint)
    with Downloader(network, FAST) as first, pytest.raises(DownloadCancelledError, match="resume"):
        first.download(spec_for(hub_server, tmp_path), on_progress=stop_after_a_megabyte, cancel=cancel)
    kept = part_path(tmp_path / NAME).stat().st_size
    assert 1_000_000 <= kept < len(DATA)
    assert hub_server.wait_idle()  # the cancelled answer has stopped counting
    served_before = served.bytes_served

    with Downloader(network, FAST) as second:  # a new process: nothing shared but the files
        result = second.download(spec_for(hub_server, tmp_path))
    assert result.path.read_bytes() == DATA
    assert result.resumed_from == kept and result.fetched == len(DATA) - kept
    assert served.bytes_served - served_before == len(DATA) - kept


def test_a_part_left_by_a_killed_process_is_resumed(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    spec = spec_for(hub_server, tmp_path)
    part_path(spec.dest).write_bytes(DATA[:1_234_567])
    write_record(record_path(spec.dest), PartRecord(spec.url, len(DATA), SHA, SHA))
    result = downloader.download(spec)
    assert result.path.read_bytes() == DATA
    assert served.range_headers == ["bytes=1234567-"]
    assert served.bytes_served == len(DATA) - 1_234_567


def test_a_part_of_another_file_is_discarded_not_continued(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    spec = spec_for(hub_server, tmp_path, sha256=SHA)
    part_path(spec.dest).write_bytes(b"old version" * 1000)
    write_record(record_path(spec.dest), PartRecord(spec.url, len(DATA), "cd" * 32, None))
    assert downloader.download(spec).path.read_bytes() == DATA
    assert served.range_headers == [None]


def test_a_part_of_an_older_upstream_version_is_dropped_when_the_server_says_so(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    """Nothing pinned: the record matches by URL, and the first answer reveals another SHA-256."""
    spec = spec_for(hub_server, tmp_path)
    part_path(spec.dest).write_bytes(b"old version" * 1000)
    write_record(record_path(spec.dest), PartRecord(spec.url, len(DATA), "cd" * 32, None))
    result = downloader.download(spec)
    assert result.path.read_bytes() == DATA
    assert served.range_headers == ["bytes=11000-", None]
    assert "changed on the server" in result.retries[0].reason


def test_cancel_during_a_stall_is_prompt_and_keeps_the_part(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    served.stall(after=300_000, seconds=10)
    cancel = threading.Event()
    timer = threading.Timer(0.3, cancel.set)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(DownloadCancelledError) as caught:
            downloader.download(spec_for(hub_server, tmp_path), cancel=cancel)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 0.9  # the stall timeout (1 s) did not decide
    assert caught.value.part_kept
    assert part_path(tmp_path / NAME).stat().st_size == 300_000
    assert not (tmp_path / NAME).exists()


# ---------------------------------------------------------------------------------------------- disk


def test_too_little_free_space_is_refused_before_starting(
    hub_server: HubServer, served: HubFile, tmp_path: Path
) -> None:
    options = replace(FAST, free_space=lambda _folder: 1_000_000)
    with (
        Downloader(NetworkSettings(endpoint=hub_server.endpoint), options) as client,
        pytest.raises(NotEnoughSpaceError) as caught,
    ):
        client.download(spec_for(hub_server, tmp_path, size=len(DATA), sha256=SHA))
    assert "needs 3.2 MB more, 1.0 MB free" in str(caught.value)
    assert served.get_requests == 0


def test_a_full_disk_while_writing_keeps_the_part_for_later(
    hub_server: HubServer,
    served: HubFile,
    downloader: Downloader,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    room = [1_500_000]

    def full_disk(sink: BinaryIO, piece: bytes) -> None:
        if len(piece) > room[0]:
            sink.write(piece[: room[0]])
            room[0] = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        room[0] -= len(piece)
        sink.write(piece)

    monkeypatch.setattr(download_job, "_write_piece", full_disk)
    spec = spec_for(hub_server, tmp_path)
    with pytest.raises(NotEnoughSpaceError, match="what was downloaded so far is kept"):
        downloader.download(spec)
    assert part_path(spec.dest).stat().st_size == 1_500_000
    assert not spec.dest.exists()

    monkeypatch.undo()
    result = downloader.download(spec)
    assert result.path.read_bytes() == DATA and result.resumed_from == 1_500_000


# ---------------------------------------------------------------------------------------------- refusals


def test_a_gated_file_needs_a_token(hub_server: HubServer, served: HubFile, tmp_path: Path) -> None:
    hub_server.add_repo(REPO, gated_token="hf_good")
    network = NetworkSettings(endpoint=hub_server.endpoint)
    with Downloader(network, FAST) as client:
        with pytest.raises(AuthRequiredError, match="gated repository") as caught:
            client.download(spec_for(hub_server, tmp_path))
        assert caught.value.gated and not caught.value.token_sent
        with pytest.raises(AccessDeniedError, match="HTTP 403"):
            client.download(spec_for(hub_server, tmp_path, token="hf_wrong"))
        result = client.download(spec_for(hub_server, tmp_path, token="hf_good"))
    assert result.path.read_bytes() == DATA
    assert served.statuses == [401, 403, 200]


def test_a_missing_file_or_repo_is_not_retried(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    network = NetworkSettings(endpoint=hub_server.endpoint)
    with pytest.raises(RemoteNotFoundError, match="no such file"):
        downloader.download(hub_download_spec(network, REPO, "missing.gguf", tmp_path))
    with pytest.raises(RemoteNotFoundError, match="does not exist, or it is private"):
        downloader.download(hub_download_spec(network, "nobody/nothing", NAME, tmp_path))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name",
    ["../../evil.gguf", "/etc/passwd", "C:/x.gguf", "a\\b.gguf", "a/../b.gguf", "x\x00.gguf", "", "NUL.gguf"],
)
def test_unsafe_remote_names_are_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(UnsafeFilenameError, match="Refused the file name"):
        local_path_for(tmp_path, name)


def test_subfolders_in_a_repo_are_allowed() -> None:
    assert safe_relative_path("Q4_K_M/model-00001-of-00002.gguf").parts == (
        "Q4_K_M",
        "model-00001-of-00002.gguf",
    )


def test_the_proxy_setting_is_used(hub_server: HubServer, served: HubFile, tmp_path: Path) -> None:
    network = NetworkSettings(endpoint="http://hub.invalid", proxy=hub_server.endpoint)
    with Downloader(network, FAST) as client:
        result = client.download(hub_download_spec(network, REPO, NAME, tmp_path))
    assert result.path.read_bytes() == DATA
    assert hub_server.proxied_requests == [f"http://hub.invalid/{REPO}/resolve/main/{NAME}"]


def test_a_repo_id_that_is_not_owner_slash_name_is_refused() -> None:
    with pytest.raises(UnsafeFilenameError, match="not a valid repository id"):
        hub_download_spec(NetworkSettings(), "../../etc", NAME, Path("models"))


# ---------------------------------------------------------------------------------------------- helpers


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert parse_retry_after("120") == 120.0
    soon = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 28 <= (parse_retry_after(soon) or 0) <= 30
    assert parse_retry_after("soon-ish") is None and parse_retry_after(None) is None


def test_speed_is_a_moving_average_and_gives_an_eta() -> None:
    now = [0.0]
    meter = SpeedMeter(window=3.0, clock=lambda: now[0])
    for second, received in enumerate([0, 10_000_000, 20_000_000, 21_000_000, 22_000_000, 23_000_000]):
        now[0] = float(second)
        meter.add(received)
    assert meter.speed == pytest.approx(1_000_000, rel=0.01)  # the early burst has left the window
    assert meter.eta(5_000_000) == pytest.approx(5.0, rel=0.01)
    meter.reset()
    assert meter.speed == 0.0 and meter.eta(1) is None


# ---------------------------------------------------------------------------------------------- queue


def test_the_queue_runs_downloads_in_order_and_cancel_and_resume_work(
    hub_server: HubServer, downloader: Downloader, tmp_path: Path
) -> None:
    files = [hub_server.add_file(REPO, f"part-{i}.gguf", DATA[i * 1000 :]) for i in range(3)]
    files[0].slow_start(0.3)
    network = NetworkSettings(endpoint=hub_server.endpoint)
    with DownloadQueue(downloader) as queue:
        ids = [queue.submit(hub_download_spec(network, REPO, f.filename, tmp_path)) for f in files]
        assert queue.submit(hub_download_spec(network, REPO, files[0].filename, tmp_path)) == ids[0]
        queue.cancel(ids[2])  # still queued behind the slow first one
        assert queue.item(ids[2]).status is DownloadStatus.CANCELLED
        first, second = queue.wait(ids[0], 5), queue.wait(ids[1], 5)
        assert first.status is second.status is DownloadStatus.DONE
        queue.resume(ids[2])
        third = queue.wait(ids[2], 5)
    assert third.status is DownloadStatus.DONE and third.result is not None
    assert third.result.path.read_bytes() == DATA[2000:]


# ---------------------------------------------------------------------------------------------- real file


@pytest.mark.model
def test_the_real_starter_model_downloads_and_validates(
    hub_server: HubServer, starter_model_path: Path, downloader: Downloader, tmp_path: Path
) -> None:
    from app.core.models.starter import STARTER
    from app.core.models.validation import validate_model_file

    repo = "HuggingFaceTB/SmolLM2-135M-Instruct-GGUF"
    served = hub_server.add_file(repo, STARTER.file_name, starter_model_path, sha256=STARTER.sha256)
    served.drop_after(30_000_000)
    spec = hub_download_spec(
        NetworkSettings(endpoint=hub_server.endpoint),
        repo,
        STARTER.file_name,
        tmp_path,
        size=STARTER.size_bytes,
        sha256=STARTER.sha256,
    )
    result = downloader.download(spec)
    assert result.sha256 == STARTER.sha256 and len(result.retries) == 1
    validate_model_file(result.path)


def test_a_file_from_a_repository_subfolder_lands_in_the_folder_itself(tmp_path: Path) -> None:
    from app.core.models.download_spec import NetworkSettings, hub_download_spec

    spec = hub_download_spec(
        NetworkSettings(endpoint="http://127.0.0.1:1"), "org/m", "Q8_0/m-Q8_0.gguf", tmp_path
    )
    assert spec.dest == tmp_path / "m-Q8_0.gguf"
    assert "Q8_0/m-Q8_0.gguf" in spec.url
    with pytest.raises(UnsafeFilenameError):
        hub_download_spec(NetworkSettings(), "org/m", "../../evil.gguf", tmp_path)


def test_a_different_file_with_the_same_name_is_never_overwritten(
    hub_server: HubServer, served: HubFile, downloader: Downloader, tmp_path: Path
) -> None:
    existing = tmp_path / NAME
    existing.write_bytes(b"the user's own model with this name")
    from app.core.models.download_errors import DestinationExistsError

    with pytest.raises(DestinationExistsError, match="did not replace"):
        downloader.download(spec_for(hub_server, tmp_path))  # size and hash learnt from the server
    assert existing.read_bytes() == b"the user's own model with this name"
    assert part_path(existing).exists()  # the download itself is kept for later
    with pytest.raises(DestinationExistsError):
        downloader.download(spec_for(hub_server, tmp_path, size=len(DATA), sha256=SHA))  # known up front
    assert existing.read_bytes() == b"the user's own model with this name"
