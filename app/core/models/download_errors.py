"""Why a model download stopped, one class per thing the user can do something about.

Every message names the file and says what to do next, because these strings reach the user as they
are (dialog, CLI). Each error also says whether the partial file was kept, so "try again" means resume.
"""

from __future__ import annotations

from pathlib import Path


class DownloadError(Exception):
    """Base of every error a download raises on purpose; the message is meant for the user."""

    part_kept: bool = False
    """Whether the ``.part`` file stays for a later resume."""


class DownloadCancelledError(DownloadError):
    """The user cancelled or paused; the partial file stays so the next run resumes."""

    part_kept = True

    def __init__(self, name: str, done: int, total: int | None) -> None:
        self.done = done
        self.total = total
        of = f" of {mb(total)}" if total else ""
        super().__init__(f"Download of {name} paused at {mb(done)}{of}. Start it again to resume.")


class AuthRequiredError(DownloadError):
    """HTTP 401: the repo is gated or private and no (valid) token was sent."""

    part_kept = True

    def __init__(self, name: str, *, gated: bool, token_sent: bool) -> None:
        self.gated = gated
        self.token_sent = token_sent
        if token_sent:
            text = (
                f"The server refused the access token for {name} (HTTP 401). "
                "Check the Hugging Face token in Settings; it may have expired or been revoked."
            )
        elif gated:
            text = (
                f"{name} is in a gated repository. Accept the model's licence on its Hugging Face page, "
                "then add a Hugging Face access token in Settings and try again."
            )
        else:
            text = (
                f"{name} needs a Hugging Face access token (HTTP 401). Add a token in Settings and try again."
            )
        super().__init__(text)


class AccessDeniedError(DownloadError):
    """HTTP 403: a token was accepted but it does not grant access (licence not accepted, private repo)."""

    part_kept = True

    def __init__(self, name: str) -> None:
        super().__init__(
            f"Your access token does not give access to {name} (HTTP 403). If the model is gated, accept "
            "its licence on its Hugging Face page with the account that owns the token."
        )


class RemoteNotFoundError(DownloadError):
    """HTTP 404: the repo, the revision or the file does not exist (or is private)."""

    def __init__(self, name: str, url: str, error_code: str | None) -> None:
        self.error_code = error_code
        what = {
            "RepoNotFound": "The repository does not exist, or it is private",
            "RevisionNotFound": "The requested revision (branch or commit) does not exist",
            "EntryNotFound": "The repository has no such file",
        }.get(error_code or "", "The server has no such file")
        super().__init__(f"Could not download {name}: {what} (HTTP 404, {url}).")


class ServerFileMismatchError(DownloadError):
    """The server offers a different file than the one expected (size or SHA-256 differ)."""

    part_kept = True

    def __init__(self, name: str, detail: str) -> None:
        super().__init__(
            f"The server's copy of {name} is not the expected file ({detail}). Nothing was installed; "
            "the model may have been updated upstream, or the mirror serves another version."
        )


class UnverifiableFileError(DownloadError):
    """Neither the caller nor the server gave a SHA-256, so the bytes could not be checked."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"The server gave no SHA-256 checksum for {name}, so it cannot be verified. "
            "Nothing was downloaded."
        )


class ChecksumMismatchError(DownloadError):
    """Every byte arrived but they are not the expected ones; the partial file is deleted."""

    def __init__(self, name: str, expected: str, actual: str) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"The downloaded {name} is damaged or not the expected file (SHA-256 {actual}, expected "
            f"{expected}). It was deleted and nothing was installed. Try again; if it happens again, "
            "the server or a proxy is altering the file."
        )


class NotEnoughSpaceError(DownloadError):
    """Too little free disk space, found before starting or when a write failed with ENOSPC."""

    part_kept = True

    def __init__(self, folder: Path, needed: int, free: int | None) -> None:
        self.folder = folder
        self.needed = needed
        self.free = free
        have = f", {mb(free)} free" if free is not None else ""
        super().__init__(
            f"Not enough disk space in {folder}: the download needs {mb(needed)} more{have}. "
            "Free some space and try again; what was downloaded so far is kept."
        )


class DownloadWriteError(DownloadError):
    """Writing the file failed for another reason than a full disk (permissions, read-only disk)."""

    part_kept = True

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"Could not write {path}: {reason}.")


class HTTPStatusDownloadError(DownloadError):
    """The server answered a status the download cannot handle or retry."""

    part_kept = True

    def __init__(self, name: str, status: int, url: str) -> None:
        self.status = status
        super().__init__(f"Could not download {name}: the server answered HTTP {status} ({url}).")


class RetriesExhaustedError(DownloadError):
    """The network kept failing without progress; the partial file stays for a later resume."""

    part_kept = True

    def __init__(self, name: str, attempts: int, last_reason: str) -> None:
        self.attempts = attempts
        super().__init__(
            f"Could not download {name} after {attempts} attempts ({last_reason}). "
            "Check the network connection and try again; the download will resume where it stopped."
        )


class UnsafeFilenameError(DownloadError):
    """A file name from a server would escape the models folder or is not a valid local name."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        super().__init__(f"Refused the file name {name!r} from the server: {reason}.")


def mb(size: int) -> str:
    """Sizes in messages are rough on purpose: users think in MB, not bytes."""
    if size >= 10_000_000_000:
        return f"{size / 1_000_000_000:.1f} GB"
    return f"{size / 1_000_000:.1f} MB" if size < 10_000_000 else f"{size / 1_000_000:.0f} MB"


class DestinationExistsError(DownloadError):
    """Another file already has the name this download would take; it is never replaced."""

    part_kept = True

    def __init__(self, name: str, dest: Path) -> None:
        self.dest = dest
        super().__init__(
            f"{dest.name} already exists in {dest.parent} and is a different file, so {name} did not replace "
            "it. Remove or rename the existing file, then start the download again (it resumes)."
        )
