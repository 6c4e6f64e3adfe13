"""A lean, defensive reader of the GGUF header: metadata, tensor table and the size the file must have.

llama.cpp answers a bad file with a bare "Failed to load model from file". Reading the header ourselves
first lets us say what is wrong (not a GGUF file, an old version, an incomplete download, a damaged header)
before llama.cpp ever sees the file. The reader trusts nothing it reads: every length and count is checked
against the bytes that are left, so a damaged header fails with `GGUFError` in milliseconds instead of
allocating gigabytes. Large arrays (the token list, the merges) are skipped, not decoded; their lengths
are kept. This module holds the header's layout and what it means; the bounded byte reads are in
`gguf_reader` and the errors in `gguf_errors`.

The format (little-endian): magic ``GGUF``, uint32 version, uint64 tensor count, uint64 KV count, the KV
pairs, the tensor infos (name, dims, ggml type, offset), padding to ``general.alignment``, then the data.
The checks mirror those of ``gguf_init_from_file`` in the pinned llama.cpp, so a header that passes here
is one llama.cpp will accept too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO, Final

from gguf import GGML_QUANT_SIZES, GGMLQuantizationType, GGUFValueType

from app.core.models.gguf_errors import (
    GGUF_MAGIC,
    GGUFCorruptError,
    GGUFError,
    GGUFMagicError,
    GGUFTruncatedError,
    GGUFVersionError,
)
from app.core.models.gguf_reader import BoundedReader, Scalar

__all__ = [
    "GGUF_MAGIC",
    "SUPPORTED_VERSIONS",
    "GGUFCorruptError",
    "GGUFError",
    "GGUFHeader",
    "GGUFMagicError",
    "GGUFTruncatedError",
    "GGUFVersionError",
    "MetadataValue",
    "TensorInfo",
    "parse_gguf_header",
    "read_gguf_header",
]

SUPPORTED_VERSIONS: Final = frozenset({2, 3})
"""llama.cpp reads v2 and v3; v1 (2023, 32-bit lengths) was dropped."""
DEFAULT_ALIGNMENT: Final = 32

# Hard limits: the ones llama.cpp enforces (gguf.cpp), or values no real file comes near.
_MAX_KEY: Final = 1 << 16
_MAX_TENSOR_NAME: Final = 63  # GGML_MAX_NAME - 1
_MAX_DIMS: Final = 4
# A modest count the file cannot hold means a cut file; a larger one means the header is garbage.
_PLAUSIBLE_COUNT: Final = 1 << 20
_MIN_KV_BYTES: Final = 8 + 1 + 4 + 1  # key length, 1-byte key, type, smallest value
_MIN_TENSOR_INFO_BYTES: Final = 8 + 1 + 4 + 4 + 8  # name length, 1-byte name, n_dims, type, offset

MetadataValue = Scalar | tuple[Scalar, ...]


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    """Dimensions as GGUF stores them: the fastest-varying first (ggml's ``ne``)."""
    ggml_type: int
    offset: int
    """Relative to the start of the data section."""
    nbytes: int | None
    """``None`` when the installed ``gguf`` package does not know the type (a newer quantization)."""

    @property
    def type_name(self) -> str:
        try:
            return GGMLQuantizationType(self.ggml_type).name
        except ValueError:
            return f"type {self.ggml_type}"


@dataclass(frozen=True)
class GGUFHeader:
    """What the header says about a model, and the size the file must have to hold all its tensors."""

    version: int
    tensor_count: int
    kv_count: int
    metadata: Mapping[str, MetadataValue] = field(hash=False)
    """Every scalar and string value, and arrays of up to 1024 elements (see `array_lengths`)."""
    array_lengths: Mapping[str, int] = field(hash=False)
    """Element count of every array value, kept or skipped (``tokenizer.ggml.tokens`` is the vocabulary)."""
    tensors: tuple[TensorInfo, ...] = field(repr=False)
    alignment: int
    data_offset: int
    """Where the tensor data starts: the end of the header, padded to `alignment`."""
    tensor_bytes: int
    """Sum of the sizes of the tensors whose type is known."""
    expected_size: int
    """data_offset + end of the last tensor; exact when `unknown_tensor_types` is empty, else a minimum."""
    file_size: int
    unknown_tensor_types: frozenset[int] = frozenset()

    # ------------------------------------------------------------------ derived values

    @property
    def architecture(self) -> str:
        """``general.architecture`` (``llama``, ``qwen2``, ...); empty when the file names none."""
        value = self.metadata.get("general.architecture")
        return value if isinstance(value, str) else ""

    @property
    def name(self) -> str | None:
        return self._str("general.name")

    @property
    def file_type(self) -> int | None:
        """``general.file_type``: llama.cpp's ``LLAMA_FTYPE_*`` (2 = Q4_0, 3 = Q4_1, 15 = Q4_K_M, ...)."""
        value = self.metadata.get("general.file_type")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def context_length(self) -> int:
        """Context the model was trained for; 0 when the header does not say."""
        return self.arch_int("context_length")

    @property
    def block_count(self) -> int:
        return self.arch_int("block_count")

    @property
    def embedding_length(self) -> int:
        return self.arch_int("embedding_length")

    @property
    def head_count(self) -> int:
        return self.arch_int("attention.head_count")

    @property
    def head_count_kv(self) -> int:
        """Key/value heads (grouped-query attention); 0 when absent, which means "same as head_count"."""
        return self.arch_int("attention.head_count_kv")

    @property
    def vocab_size(self) -> int:
        return self.array_lengths.get("tokenizer.ggml.tokens", 0)

    @property
    def chat_template(self) -> str | None:
        """The Jinja chat template; ``None`` for base models, which need plain completion."""
        return self._str("tokenizer.chat_template")

    @property
    def split_count(self) -> int:
        """Number of files the model is split into (``model-00001-of-00003.gguf``); 1 for a single file."""
        value = self.metadata.get("split.count")
        return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 1

    @property
    def is_complete(self) -> bool:
        """False when the file is shorter than its tensor table requires: a cut-off download."""
        return self.file_size >= self.expected_size

    @property
    def size_is_exact(self) -> bool:
        return not self.unknown_tensor_types

    def arch_int(self, suffix: str) -> int:
        """``<architecture>.<suffix>`` as an int, 0 when absent. Per-layer arrays give their largest value."""
        value = self.metadata.get(f"{self.architecture}.{suffix}")
        if isinstance(value, tuple):
            numbers = [v for v in value if isinstance(v, int) and not isinstance(v, bool)]
            return max(numbers, default=0)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return 0

    def _str(self, key: str) -> str | None:
        value = self.metadata.get(key)
        return value if isinstance(value, str) else None


def read_gguf_header(path: Path) -> GGUFHeader:
    """Read the header of the GGUF file at ``path``. Raises `GGUFError` subclasses and `OSError`."""
    with path.open("rb") as stream:
        return parse_gguf_header(stream, os.fstat(stream.fileno()).st_size)


def parse_gguf_header(stream: BinaryIO, file_size: int) -> GGUFHeader:
    """Parse from a seekable binary ``stream`` positioned at the start of a ``file_size``-byte file.

    Taking a stream lets the same code read the start of a remote file (say the first few MB fetched
    with a ranged GET) before downloading the rest: pass the full remote size as ``file_size``.
    """
    return _Parser(stream, file_size).parse()


class _Parser:
    def __init__(self, stream: BinaryIO, file_size: int) -> None:
        self._r = BoundedReader(stream, file_size)
        self._metadata: dict[str, MetadataValue] = {}
        self._array_lengths: dict[str, int] = {}

    def parse(self) -> GGUFHeader:
        r = self._r
        magic = r.take(min(4, r.size), "the magic")
        if magic != GGUF_MAGIC:
            if len(magic) < 4 and GGUF_MAGIC.startswith(magic):
                raise GGUFTruncatedError(r.size, 4, "the magic")
            raise GGUFMagicError(magic + r.take(min(60, r.remaining), "the first bytes"))
        version = r.u32("the version")
        if version not in SUPPORTED_VERSIONS:
            raise GGUFVersionError(version, big_endian=version > 0xFFFF and version & 0xFFFF == 0)
        tensor_count = self._count("tensor", _MIN_TENSOR_INFO_BYTES)
        kv_count = self._count("key-value", _MIN_KV_BYTES)
        for index in range(kv_count):
            self._read_kv(index)
        alignment = self._alignment()
        tensors = [self._read_tensor_info(i) for i in range(tensor_count)]
        header_end = r.pos
        data_offset = _align(header_end, alignment) if tensor_count else header_end
        return self._finish(version, tensor_count, kv_count, alignment, tensors, data_offset)

    def _count(self, kind: str, min_record: int) -> int:
        start = self._r.pos
        count = self._r.i64(f"the {kind} count")
        if count < 0:
            raise GGUFCorruptError(start, f"negative {kind} count {count}")
        # A huge count that cannot fit is damage; a modest one that does not fit is a cut file, which
        # the record reads will report as truncated with the right numbers.
        if count > _PLAUSIBLE_COUNT and count * min_record > self._r.remaining:
            raise GGUFCorruptError(
                start,
                f"the header claims {count:,} {kind} entries, too many for a {self._r.size:,}-byte file",
            )
        return count

    def _read_kv(self, index: int) -> None:
        r = self._r
        start = r.pos
        key = r.string(f"key {index}", limit=_MAX_KEY)
        if not key:
            raise GGUFCorruptError(start, f"key {index} is empty")
        if key in self._metadata or key in self._array_lengths:
            raise GGUFCorruptError(start, f"duplicate key {key!r}")
        type_at = r.pos
        value_type = r.u32(f"the type of {key!r}")
        if key == "general.alignment" and value_type != GGUFValueType.UINT32:
            # llama.cpp accepts only a uint32 here.
            raise GGUFCorruptError(type_at, f"general.alignment has value type {value_type}, not uint32")
        if value_type == GGUFValueType.ARRAY:
            count, items = r.array(key)
            self._array_lengths[key] = count
            if items is not None:
                self._metadata[key] = items
            return
        value = r.value(value_type, key, type_at)
        if value is not None:
            self._metadata[key] = value

    def _alignment(self) -> int:
        if "general.alignment" not in self._metadata:
            return DEFAULT_ALIGNMENT
        value = self._metadata["general.alignment"]
        if not isinstance(value, int) or value <= 0 or value & (value - 1):
            raise GGUFCorruptError(0, f"general.alignment is {value!r}, not a power of two")
        return value

    def _read_tensor_info(self, index: int) -> TensorInfo:
        r = self._r
        start = r.pos
        name = r.string(f"the name of tensor {index}", limit=_MAX_TENSOR_NAME) or ""
        label = f"tensor {name!r}" if name else f"tensor {index}"
        n_dims = r.u32(f"the dimension count of {label}")
        if n_dims > _MAX_DIMS:
            raise GGUFCorruptError(start, f"{label} claims {n_dims} dimensions (at most {_MAX_DIMS})")
        shape = tuple(r.i64(f"the shape of {label}") for _ in range(n_dims))
        if any(d < 0 for d in shape):
            raise GGUFCorruptError(start, f"{label} has a negative dimension {shape}")
        elements = 1
        for d in shape:
            elements *= d
        if elements >= 1 << 63:
            raise GGUFCorruptError(start, f"{label} has an impossible shape {shape}")
        ggml_type = r.i32(f"the type of {label}")
        if ggml_type < 0:
            raise GGUFCorruptError(start, f"{label} has invalid ggml type {ggml_type}")
        offset = r.u64(f"the offset of {label}")
        nbytes: int | None = None
        sizes = _quant_sizes(ggml_type)
        if sizes is not None:
            block, type_size = sizes
            if shape and shape[0] % block:
                raise GGUFCorruptError(
                    start, f"{label} has rows of {shape[0]} values, not a multiple of its block size {block}"
                )
            nbytes = elements // block * type_size
        return TensorInfo(name, shape, ggml_type, offset, nbytes)

    def _finish(
        self,
        version: int,
        tensor_count: int,
        kv_count: int,
        alignment: int,
        tensors: list[TensorInfo],
        data_offset: int,
    ) -> GGUFHeader:
        seen: set[str] = set()
        expected_offset: int | None = 0  # llama.cpp wants the tensors packed in order, each padded
        end = 0
        total = 0
        unknown: set[int] = set()
        for t in tensors:
            if t.name in seen:
                raise GGUFCorruptError(data_offset, f"duplicate tensor name {t.name!r}")
            seen.add(t.name)
            if expected_offset is not None and t.offset != expected_offset:
                raise GGUFCorruptError(
                    data_offset, f"tensor {t.name!r} has offset {t.offset:,}, expected {expected_offset:,}"
                )
            if t.nbytes is None:
                unknown.add(t.ggml_type)
                expected_offset = None  # cannot follow the layout past a type we cannot size
                end = max(end, t.offset)
                continue
            total += t.nbytes
            end = max(end, t.offset + t.nbytes)
            if expected_offset is not None:
                expected_offset += _align(t.nbytes, alignment)
        return GGUFHeader(
            version=version,
            tensor_count=tensor_count,
            kv_count=kv_count,
            metadata=MappingProxyType(self._metadata),
            array_lengths=MappingProxyType(self._array_lengths),
            tensors=tuple(tensors),
            alignment=alignment,
            data_offset=data_offset,
            tensor_bytes=total,
            expected_size=data_offset + end,
            file_size=self._r.size,
            unknown_tensor_types=frozenset(unknown),
        )


def _align(value: int, alignment: int) -> int:
    return (value + alignment - 1) // alignment * alignment


def _quant_sizes(ggml_type: int) -> tuple[int, int] | None:
    """(elements per block, bytes per block), or ``None`` for a type the ``gguf`` package does not know."""
    try:
        return GGML_QUANT_SIZES.get(GGMLQuantizationType(ggml_type))
    except ValueError:
        return None
