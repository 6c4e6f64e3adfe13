"""What a download is asked to do and how hard to try: plain values shared by the job, queue and callers."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Final, Protocol

from app.core.models.remote_names import hub_file_url, local_path_for

HUGGING_FACE: Final = "https://huggingface.co"
_MIB: Final = 1024 * 1024


class CancelSignal(Protocol):
    """What a download polls to stop; a `threading.Event` is one."""

    def is_set(self) -> bool: ...
    def wait(self, timeout: float | None = None) -> bool: ...


def free_disk_space(folder: Path) -> int:
    return shutil.disk_usage(folder).free


@dataclass(frozen=True)
class NetworkSettings:
    """Where downloads go and through what: from the user's settings, passed in, never global."""

    endpoint: str = HUGGING_FACE
    """The Hub or a mirror (what ``HF_ENDPOINT`` names for huggingface_hub)."""
    proxy: str | None = None
    """``http://host:port`` (or ``socks5://``, with the ``socksio`` package); None for a direct connection."""
    use_environment: bool = False
    """Also honour ``HTTPS_PROXY``/``NO_PROXY``/``SSL_CERT_FILE`` from the environment."""
    user_agent: str = "copydesk"
    connect_timeout: float = 20.0


@dataclass(frozen=True)
class DownloadOptions:
    """How hard to try. The defaults suit a desktop on a flaky line; tests shrink the delays."""

    read_size: int = _MIB
    """Largest socket read. Every byte read is written to the part at once, so a fault costs at most one
    read again (usually nothing); large reads are what makes a fast link fast (`download_http`)."""
    max_retries: int = 8
    """Failed attempts in a row, without a byte of progress, before giving up."""
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_retry_after: float = 300.0
    """The longest ``Retry-After`` honoured; longer waits are cut to this."""
    stall_timeout: float = 30.0
    """Seconds without a single byte before an attempt is abandoned and retried."""
    progress_interval: float = 0.1
    disk_margin: int = 64 * _MIB
    """Free space to leave on the disk beyond the file itself."""
    free_space: Callable[[Path], int] = free_disk_space
    """Injected so tests can pretend the disk is nearly full."""
    jitter: Callable[[], float] = field(default=random.random, repr=False)


@dataclass(frozen=True)
class DownloadSpec:
    """One file to fetch. Unknown size or SHA-256 are taken from the server (``X-Linked-Size``,
    ``X-Linked-Etag``); known ones are checked against it."""

    url: str
    dest: Path
    size: int | None = None
    sha256: str | None = None
    etag: str | None = None
    token: str | None = field(default=None, repr=False)
    """Bearer token for gated or private repos; sent to the Hub only (dropped on redirects elsewhere)."""
    name: str = ""
    """What messages call the file; defaults to the destination's file name."""

    @property
    def display_name(self) -> str:
        return self.name or self.dest.name


@dataclass(frozen=True)
class RetryNote:
    reason: str
    delay: float


@dataclass(frozen=True)
class DownloadResult:
    path: Path
    size: int
    sha256: str
    fetched: int
    """Bytes received over the network in this run (0 when the file was already there)."""
    resumed_from: int
    attempts: int
    retries: tuple[RetryNote, ...] = ()
    already_present: bool = False


def hub_download_spec(
    network: NetworkSettings,
    repo_id: str,
    filename: str,
    folder: Path,
    *,
    revision: str = "main",
    size: int | None = None,
    sha256: str | None = None,
    token: str | None = None,
) -> DownloadSpec:
    """A spec for a Hub file, with the remote ``filename`` checked before it becomes a local path."""
    # The remote name is checked whole (a traversal anywhere is refused), then only its last part is used:
    # models from a repository's subfolder (``Q8_0/model.gguf``) land where the model list looks.
    local_path_for(folder, filename)
    return DownloadSpec(
        url=hub_file_url(network.endpoint, repo_id, filename, revision),
        dest=local_path_for(folder, PurePosixPath(filename).name),
        size=size,
        sha256=sha256,
        token=token,
        name=f"{repo_id}/{filename}",
    )
