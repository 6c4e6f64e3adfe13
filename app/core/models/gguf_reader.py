"""Bounded reads of GGUF's little-endian primitives and key-value values, for `gguf_header`'s parser.

Every length read from the file is checked against the bytes that are left before anything is read or
allocated, so a damaged header fails with `GGUFError` in milliseconds instead of allocating gigabytes.
Large arrays (the token list, the merges) and huge strings are skipped, not decoded; their lengths are
kept. Kept apart from the parser so that the header layout there reads as the format, not as byte math.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from typing import BinaryIO, Final

from gguf import GGUFValueType

from app.core.models.gguf_errors import GGUFCorruptError, GGUFError, GGUFTruncatedError

__all__ = ["BoundedReader", "Scalar"]

# Hard limits: the ones llama.cpp enforces (gguf.cpp), or values no real file comes near.
_MAX_STRING: Final = 1 << 30
_MAX_ARRAY: Final = 1 << 30
# Plausible sizes. When the file ends before a length is satisfied, a plausible one means the file was
# cut short (an interrupted download); an implausible one means the header itself is garbage.
_PLAUSIBLE_STRING: Final = 64 << 20
_PLAUSIBLE_ARRAY: Final = 1 << 24

# Arrays up to this length are kept in `metadata` (per-layer values, language lists); longer ones
# (vocabularies, merges, scores) are skipped and only their length is kept.
_MAX_KEPT_ARRAY: Final = 1024
# Longer strings (a whole tokenizer.json embedded by some converters) are skipped, not kept.
_MAX_KEPT_STRING: Final = 1 << 20
_CHUNK: Final = 1 << 16

_SCALARS: Final[Mapping[int, struct.Struct]] = {
    GGUFValueType.UINT8: struct.Struct("<B"),
    GGUFValueType.INT8: struct.Struct("<b"),
    GGUFValueType.UINT16: struct.Struct("<H"),
    GGUFValueType.INT16: struct.Struct("<h"),
    GGUFValueType.UINT32: struct.Struct("<I"),
    GGUFValueType.INT32: struct.Struct("<i"),
    GGUFValueType.FLOAT32: struct.Struct("<f"),
    GGUFValueType.BOOL: struct.Struct("<?"),
    GGUFValueType.UINT64: struct.Struct("<Q"),
    GGUFValueType.INT64: struct.Struct("<q"),
    GGUFValueType.FLOAT64: struct.Struct("<d"),
}
_U32: Final = struct.Struct("<I")
_I32: Final = struct.Struct("<i")
_U64: Final = struct.Struct("<Q")
_I64: Final = struct.Struct("<q")

Scalar = int | float | bool | str


class BoundedReader:
    """Bounded, buffered reads: never asks for more than the file can still hold."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self._stream = stream
        self.size = size
        self._buf = b""
        self._off = 0  # position inside _buf
        self._buf_start = 0  # file offset of _buf[0]

    @property
    def pos(self) -> int:
        return self._buf_start + self._off

    @property
    def remaining(self) -> int:
        return self.size - self.pos

    def fail_short(self, n: int, what: str, plausible: bool) -> GGUFError:
        if plausible:
            return GGUFTruncatedError(self.size, self.pos + n, what)
        return GGUFCorruptError(
            self.pos, f"{what} claims {n:,} bytes but only {max(self.remaining, 0):,} are left in the file"
        )

    def _ensure(self, n: int, what: str, plausible: bool = True) -> None:
        """Make ``n`` bytes available at ``_buf[_off:]``."""
        avail = len(self._buf) - self._off
        if avail >= n:
            return
        if n > self.remaining:
            raise self.fail_short(n, what, plausible)
        want = min(max(n - avail, _CHUNK), self.remaining - avail)
        data = self._stream.read(want)
        self._buf = self._buf[self._off :] + data
        self._buf_start += self._off
        self._off = 0
        if len(self._buf) < n:  # the stream is shorter than the size we were told
            raise GGUFTruncatedError(self._buf_start + len(self._buf), self.pos + n, what)

    def take(self, n: int, what: str, plausible: bool = True) -> bytes:
        self._ensure(n, what, plausible)
        data = self._buf[self._off : self._off + n]
        self._off += n
        return data

    def skip(self, n: int, what: str, plausible: bool = True) -> None:
        avail = len(self._buf) - self._off
        if n <= avail:
            self._off += n
            return
        if n > self.remaining:
            raise self.fail_short(n, what, plausible)
        target = self.pos + n
        self._stream.seek(target)
        self._buf, self._off, self._buf_start = b"", 0, target

    def unpack(self, fmt: struct.Struct, what: str) -> int | float | bool:
        self._ensure(fmt.size, what)
        (value,) = fmt.unpack_from(self._buf, self._off)
        self._off += fmt.size
        return value  # type: ignore[no-any-return]

    def u32(self, what: str) -> int:
        return int(self.unpack(_U32, what))

    def i32(self, what: str) -> int:
        return int(self.unpack(_I32, what))

    def u64(self, what: str) -> int:
        return int(self.unpack(_U64, what))

    def i64(self, what: str) -> int:
        return int(self.unpack(_I64, what))

    def string(self, what: str, limit: int = _MAX_STRING) -> str | None:
        """A length-prefixed string; ``None`` (skipped) when longer than `_MAX_KEPT_STRING`."""
        start = self.pos
        length = self.u64(f"the length of {what}")
        if length > limit:
            raise GGUFCorruptError(start, f"{what} claims a length of {length:,} bytes")
        plausible = length <= _PLAUSIBLE_STRING
        if length > _MAX_KEPT_STRING:
            self.skip(length, what, plausible)
            return None
        return self.take(length, what, plausible).decode("utf-8", errors="replace")

    def skip_strings(self, count: int, what: str) -> None:
        """Step over ``count`` length-prefixed strings without decoding them (the 150k-token vocabulary)."""
        unpack_from = _U64.unpack_from
        for _ in range(count):
            if len(self._buf) - self._off < 8:
                self._ensure(8, what)
            (length,) = unpack_from(self._buf, self._off)
            self._off += 8
            if length > _MAX_STRING:
                raise GGUFCorruptError(
                    self.pos - 8, f"an element of {what} claims a length of {length:,} bytes"
                )
            if length <= len(self._buf) - self._off:
                self._off += length
            else:
                self.skip(length, what, length <= _PLAUSIBLE_STRING)

    # ------------------------------------------------------------------ key-value values

    def value(self, value_type: int, key: str, type_at: int) -> Scalar | None:
        """The scalar or string value of ``key``; ``None`` for a string too long to keep.

        ``type_at`` is where the value type was read, so that an invalid type is reported there.
        """
        if value_type == GGUFValueType.STRING:
            return self.string(f"the value of {key!r}")
        fmt = _SCALARS.get(value_type)
        if fmt is None:
            raise GGUFCorruptError(type_at, f"key {key!r} has invalid value type {value_type}")
        return self.unpack(fmt, f"the value of {key!r}")

    def array(self, key: str) -> tuple[int, tuple[Scalar, ...] | None]:
        """The array value of ``key``: its element count, and its elements unless it is too long to keep."""
        type_at = self.pos
        item_type = self.u32(f"the element type of {key!r}")
        count_at = self.pos
        count = self.u64(f"the length of {key!r}")
        if count > _MAX_ARRAY:
            raise GGUFCorruptError(count_at, f"array {key!r} claims {count:,} elements")
        plausible = count <= _PLAUSIBLE_ARRAY
        if item_type == GGUFValueType.STRING:
            if count * 8 > self.remaining:
                raise self.fail_short(count * 8, f"the array {key!r}", plausible)
            if count > _MAX_KEPT_ARRAY:
                self.skip_strings(count, f"the array {key!r}")
                return count, None
            items: list[Scalar] = []
            for _ in range(count):
                text = self.string(f"an element of {key!r}")
                items.append("" if text is None else text)
            return count, tuple(items)
        fmt = _SCALARS.get(item_type)
        if fmt is None:
            raise GGUFCorruptError(type_at, f"array {key!r} has invalid element type {item_type}")
        nbytes = count * fmt.size
        if count > _MAX_KEPT_ARRAY:
            self.skip(nbytes, f"the array {key!r}", plausible)
            return count, None
        raw = self.take(nbytes, f"the array {key!r}", plausible)
        return count, tuple(v for (v,) in fmt.iter_unpack(raw))
