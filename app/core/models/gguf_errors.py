"""The ways a file can fail to be a GGUF file llama.cpp reads, as raised by the header reader.

They live apart from `gguf_header` because both the byte-level reader (`gguf_reader`) and the header
parser raise them; `gguf_header` re-exports them, and `validation` turns each into a message for users.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "GGUF_MAGIC",
    "GGUFCorruptError",
    "GGUFError",
    "GGUFMagicError",
    "GGUFTruncatedError",
    "GGUFVersionError",
]

GGUF_MAGIC: Final = b"GGUF"


class GGUFError(ValueError):
    """Not a GGUF file llama.cpp can read. The message is technical; `validation` words it for users."""


class GGUFMagicError(GGUFError):
    """The file does not start with ``GGUF``; `first_bytes` lets the caller guess what it is instead."""

    def __init__(self, first_bytes: bytes) -> None:
        self.first_bytes = first_bytes
        super().__init__(f"bad magic {first_bytes[:4]!r}, expected {GGUF_MAGIC!r}")


class GGUFVersionError(GGUFError):
    """A GGUF version llama.cpp cannot read. `big_endian` marks a file written for big-endian machines."""

    def __init__(self, version: int, *, big_endian: bool = False) -> None:
        self.version = version
        self.big_endian = big_endian
        detail = " (a big-endian file)" if big_endian else ""
        super().__init__(f"unsupported GGUF version {version}{detail}")


class GGUFTruncatedError(GGUFError):
    """The file ends inside its header, so even the size it should have is unknown."""

    def __init__(self, file_size: int, needed: int, what: str) -> None:
        self.file_size = file_size
        self.needed = needed
        """The file would need at least this many bytes to get past the point where it ends."""
        self.what = what
        super().__init__(f"file ends after {file_size} bytes while reading {what} (needs at least {needed})")


class GGUFCorruptError(GGUFError):
    """The header contradicts itself or the format: not a cut, but damage (or not a model at all)."""

    def __init__(self, offset: int, detail: str) -> None:
        self.offset = offset
        self.detail = detail
        super().__init__(f"{detail}, at byte {offset}")
