"""Turning names that come from a server into local paths and URLs, without trusting them.

A repo listing is remote input: a file named ``../../evil.gguf`` or ``/etc/cron.d/x`` must never become a
path outside the models folder. Every remote name goes through `local_path_for` before it touches the
disk; the rules are strict on purpose (the same on every OS, so a name that is refused on Windows is also
refused on Linux and a catalog entry behaves the same everywhere).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Final
from urllib.parse import quote

from app.core.models.download_errors import UnsafeFilenameError

_MAX_NAME: Final = 255
_WINDOWS_RESERVED: Final = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
_FORBIDDEN_CHARS: Final = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\]')
_REPO_ID: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")


def safe_relative_path(name: str) -> PurePosixPath:
    """The remote name as a relative path of plain components; raise `UnsafeFilenameError` otherwise.

    Subfolders (``Q4_K_M/model-00001-of-00002.gguf``) are allowed because repos use them; anything that
    could climb out, point elsewhere or mean something special to a file system is not.
    """
    if not name:
        raise UnsafeFilenameError(name, "it is empty")
    if "\x00" in name:
        raise UnsafeFilenameError(name, "it contains a NUL character")
    if "\\" in name:
        raise UnsafeFilenameError(name, "it contains a backslash")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise UnsafeFilenameError(name, "it is an absolute path")
    parts = name.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            raise UnsafeFilenameError(name, "it climbs out of the download folder or has empty parts")
        if _FORBIDDEN_CHARS.search(part):
            raise UnsafeFilenameError(name, "it contains characters that are not allowed in file names")
        if part != part.rstrip(" .") or part != part.lstrip(" "):
            raise UnsafeFilenameError(name, "a part of it starts with a space or ends with a dot or space")
        if part.split(".")[0].lower() in _WINDOWS_RESERVED:
            raise UnsafeFilenameError(name, f"{part!r} is a reserved device name on Windows")
        if len(part.encode("utf-8")) > _MAX_NAME:
            raise UnsafeFilenameError(name, "a part of it is too long for a file name")
    return PurePosixPath(*parts)


def local_path_for(folder: Path, name: str) -> Path:
    """Where the remote file ``name`` goes inside ``folder``; refuses every name that would leave it."""
    relative = safe_relative_path(name)
    target = folder.joinpath(*relative.parts)
    root = folder.resolve()
    if not target.resolve().is_relative_to(root):  # a symlinked subfolder pointing elsewhere
        raise UnsafeFilenameError(name, f"it would be written outside {folder}")
    return target


def check_repo_id(repo_id: str) -> str:
    """A Hub repo id is ``name`` or ``owner/name`` of plain characters; anything else is refused."""
    if not _REPO_ID.match(repo_id) or ".." in repo_id:
        raise UnsafeFilenameError(repo_id, "it is not a valid repository id (owner/name)")
    return repo_id


def hub_file_url(endpoint: str, repo_id: str, filename: str, revision: str = "main") -> str:
    """The Hub's download URL for a file, the way ``huggingface_hub.hf_hub_url`` builds it.

    Built here so the endpoint (a mirror, a test server) is passed in, not read from a global.
    """
    safe_relative_path(filename)
    check_repo_id(repo_id)
    base = endpoint.rstrip("/")
    return f"{base}/{repo_id}/resolve/{quote(revision, safe='')}/{quote(filename)}"
