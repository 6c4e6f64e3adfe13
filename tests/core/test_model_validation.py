"""Each way a model file can be bad gets its own error and a message that says what to do.

The files are built in ``tmp_path``: valid ones with ``gguf.GGUFWriter`` (the writer llama.cpp's own
converters use), broken ones by cutting, patching or hand-assembling bytes.
"""

from __future__ import annotations

import io
import os
import random
import struct
import tracemalloc
from collections.abc import Callable, Iterable
from pathlib import Path

import gguf
import numpy as np
import pytest

from app.core.engine.types import ModelLoadError
from app.core.models.gguf_header import (
    GGUFCorruptError,
    GGUFTruncatedError,
    parse_gguf_header,
    read_gguf_header,
)
from app.core.models.validation import (
    CorruptModelFileError,
    EmptyModelFileError,
    ModelFileError,
    ModelFileMissingError,
    ModelFileUnreadableError,
    ModelPathIsDirectoryError,
    NotAGGUFFileError,
    NotAModelError,
    SplitModelError,
    TruncatedModelFileError,
    UnsupportedArchitectureError,
    UnsupportedGGUFVersionError,
    describe_foreign_bytes,
    llama_cpp_knows_architecture,
    supported_architectures,
    validate_model_file,
)

VOCAB = 2000  # above the 1024-element limit for kept arrays, so the reader must skip it


def allow_all(_name: str) -> bool:
    return True


def write_gguf(
    path: Path,
    arch: str = "llama",
    *,
    endian: gguf.GGUFEndian = gguf.GGUFEndian.LITTLE,
    extra: Callable[[gguf.GGUFWriter], None] | None = None,
    split_max_tensors: int = 0,
) -> Path:
    """A small but complete model file: llama-style hyperparameters, a vocabulary and three tensors."""
    writer = gguf.GGUFWriter(path, arch=arch, endianess=endian, split_max_tensors=split_max_tensors)
    writer.add_name("Tiny Test")
    writer.add_context_length(2048)
    writer.add_block_count(2)
    writer.add_embedding_length(64)
    writer.add_head_count(4)
    writer.add_head_count_kv(2)
    writer.add_file_type(7)
    writer.add_chat_template("{% for m in messages %}{{ m.content }}{% endfor %}")
    writer.add_token_list([f"tok{i}" for i in range(VOCAB)])
    writer.add_token_scores([0.0] * VOCAB)
    if extra is not None:
        extra(writer)
    writer.add_tensor("token_embd.weight", np.ones((16, 64), dtype=np.float32))
    writer.add_tensor("output_norm.weight", np.ones(64, dtype=np.float32))
    # A quantized tensor given as raw bytes: 8 rows of 2 Q8_0 blocks (34 bytes per 32 values).
    writer.add_tensor(
        "blk.0.attn_q.weight", np.zeros((8, 68), dtype=np.uint8), raw_dtype=gguf.GGMLQuantizationType.Q8_0
    )
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def raw_gguf(
    *,
    version: int = 3,
    tensor_count: int = 0,
    kv_count: int | None = None,
    kvs: Iterable[bytes] = (),
    tail: bytes = b"",
) -> bytes:
    """Hand-assembled header bytes, for the damage a real writer never produces."""
    items = list(kvs)
    count = len(items) if kv_count is None else kv_count
    return b"GGUF" + struct.pack("<IQQ", version, tensor_count, count) + b"".join(items) + tail


def gguf_string(text: bytes) -> bytes:
    return struct.pack("<Q", len(text)) + text


def kv_string(key: bytes, value: bytes) -> bytes:
    return gguf_string(key) + struct.pack("<I", 8) + gguf_string(value)


@pytest.fixture
def valid_model(tmp_path: Path) -> Path:
    return write_gguf(tmp_path / "tiny.gguf")


@pytest.fixture
def llama_cpp_available() -> None:
    pytest.importorskip("llama_cpp")


# --------------------------------------------------------------------------- happy path


def test_valid_file_header(valid_model: Path) -> None:
    header = validate_model_file(valid_model, architecture_supported=allow_all)

    assert header.version == 3
    assert header.architecture == "llama"
    assert header.name == "Tiny Test"
    assert header.context_length == 2048
    assert header.block_count == 2
    assert header.embedding_length == 64
    assert header.head_count == 4
    assert header.head_count_kv == 2
    assert header.file_type == 7
    assert header.chat_template is not None and "messages" in header.chat_template
    assert header.tensor_count == 3
    assert [t.name for t in header.tensors] == [
        "token_embd.weight",
        "output_norm.weight",
        "blk.0.attn_q.weight",
    ]
    quantized = header.tensors[2]
    assert quantized.shape == (64, 8)
    assert quantized.type_name == "Q8_0"
    assert quantized.nbytes == 8 * 68
    assert header.tensor_bytes == 16 * 64 * 4 + 64 * 4 + 8 * 68
    assert header.expected_size == header.file_size == valid_model.stat().st_size
    assert header.is_complete and header.size_is_exact
    assert header.data_offset % header.alignment == 0
    # The vocabulary is counted, not kept.
    assert header.vocab_size == VOCAB
    assert header.array_lengths["tokenizer.ggml.scores"] == VOCAB
    assert "tokenizer.ggml.tokens" not in header.metadata


def test_valid_file_passes_llama_cpp_architecture_check(valid_model: Path, llama_cpp_available: None) -> None:
    assert validate_model_file(valid_model).architecture == "llama"


def test_header_can_be_read_from_the_start_of_a_remote_file(valid_model: Path) -> None:
    """The first bytes of a download (a ranged GET) are enough to learn the size and the hyperparameters."""
    data = valid_model.read_bytes()
    header_only = data[: read_gguf_header(valid_model).data_offset]
    header = parse_gguf_header(io.BytesIO(header_only), len(data))
    assert header.expected_size == len(data)
    assert header.context_length == 2048


def test_small_arrays_are_kept(tmp_path: Path) -> None:
    def add_arrays(writer: gguf.GGUFWriter) -> None:
        writer.add_array("general.languages", ["en", "de"])
        writer.add_array("llama.per_layer", [3, 7])

    path = write_gguf(tmp_path / "langs.gguf", extra=add_arrays)
    header = validate_model_file(path, architecture_supported=allow_all)
    assert header.metadata["general.languages"] == ("en", "de")
    assert header.arch_int("per_layer") == 7


# --------------------------------------------------------------------------- not a usable path


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.gguf"
    with pytest.raises(ModelFileMissingError) as caught:
        validate_model_file(path)
    assert str(path) in str(caught.value)
    assert "does not exist" in str(caught.value)
    assert isinstance(caught.value, ModelLoadError)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    write_gguf(folder / "inside.gguf")
    with pytest.raises(ModelPathIsDirectoryError) as caught:
        validate_model_file(folder)
    assert "is a folder" in str(caught.value)
    assert "inside.gguf" in str(caught.value)


def test_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelPathIsDirectoryError, match=r"holds no \.gguf file"):
        validate_model_file(tmp_path)


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.gguf"
    path.touch()
    with pytest.raises(EmptyModelFileError) as caught:
        validate_model_file(path)
    assert "is empty (0 bytes)" in str(caught.value)
    assert str(path) in str(caught.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe.gguf"
    os.mkfifo(path)
    with pytest.raises(ModelFileUnreadableError, match="not a regular file"):
        validate_model_file(path)


# --------------------------------------------------------------------------- not GGUF at all


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.gguf"
    path.write_bytes(b"\x00\x9f" + random.Random(7).randbytes(4094))
    with pytest.raises(NotAGGUFFileError) as caught:
        validate_model_file(path)
    message = str(caught.value)
    assert "is not a GGUF model file" in message
    assert "starts with the bytes 00 9f" in message


def test_html_error_page(tmp_path: Path) -> None:
    path = tmp_path / "model.gguf"
    path.write_text(
        "\n<!DOCTYPE html>\n<html><head><title>404 - Hugging Face</title></head><body>Not found</body></html>"
    )
    with pytest.raises(NotAGGUFFileError) as caught:
        validate_model_file(path)
    assert "web page (HTML)" in str(caught.value)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("first_bytes", "expected"),
    [
        (b"PK\x03\x04" + bytes(60), "ZIP archive"),
        (struct.pack("<Q", 120) + b'{"__metadata__": {}}', "safetensors"),
        (b"\x80\x02\x8a\x0alf\x9c\xfc", "PyTorch/pickle"),
        (b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\n", "Git LFS pointer"),
        (b"tjgg\x03\x00\x00\x00", "old GGJT format"),
        (b'{"error": "Repository not found"}', "JSON document"),
        (b'<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>', "XML document"),
        (b"hello, this is a text file", "text file that starts with 'hello"),
    ],
)
def test_foreign_formats_are_named(tmp_path: Path, first_bytes: bytes, expected: str) -> None:
    assert expected in describe_foreign_bytes(first_bytes)
    path = tmp_path / "model.gguf"
    path.write_bytes(first_bytes)
    with pytest.raises(NotAGGUFFileError, match=expected.replace("(", r"\(")):
        validate_model_file(path)


# --------------------------------------------------------------------------- version


@pytest.mark.parametrize(
    ("version", "advice"), [(1, "no longer reads"), (4, "Update Copydesk"), (0, "not a GGUF")]
)
def test_unsupported_version(valid_model: Path, version: int, advice: str) -> None:
    data = bytearray(valid_model.read_bytes())
    data[4:8] = struct.pack("<I", version)
    valid_model.write_bytes(bytes(data))
    with pytest.raises(UnsupportedGGUFVersionError) as caught:
        validate_model_file(valid_model)
    assert caught.value.version == version
    assert f"GGUF version {version}" in str(caught.value)
    assert advice in str(caught.value)


def test_big_endian_file(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "be.gguf", endian=gguf.GGUFEndian.BIG)
    with pytest.raises(UnsupportedGGUFVersionError, match="big-endian"):
        validate_model_file(path)


# --------------------------------------------------------------------------- truncated


def test_truncated_in_tensor_data(valid_model: Path) -> None:
    full = valid_model.stat().st_size
    data = valid_model.read_bytes()
    valid_model.write_bytes(data[: full - 100])
    with pytest.raises(TruncatedModelFileError) as caught:
        validate_model_file(valid_model)
    error = caught.value
    assert (error.actual_size, error.expected_size) == (full - 100, full)
    message = str(error)
    assert f"{full - 100:,} bytes" in message and f"{full:,} bytes" in message
    assert "interrupted download" in message


def test_truncated_in_header(valid_model: Path) -> None:
    data = valid_model.read_bytes()
    valid_model.write_bytes(data[:5000])  # inside the vocabulary
    with pytest.raises(TruncatedModelFileError) as caught:
        validate_model_file(valid_model)
    assert caught.value.expected_size is None
    assert "ends inside its header" in str(caught.value)


@pytest.mark.parametrize("cut", [2, 6, 20, 30])
def test_truncated_in_the_first_bytes(valid_model: Path, cut: int) -> None:
    valid_model.write_bytes(valid_model.read_bytes()[:cut])
    with pytest.raises(TruncatedModelFileError):
        validate_model_file(valid_model)


# --------------------------------------------------------------------------- damaged header


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (raw_gguf(tensor_count=2**62), "tensor entries"),
        (raw_gguf(kv_count=2**61), "key-value entries"),
        (raw_gguf(tensor_count=-5 & (2**64 - 1)), "negative tensor count"),
        (raw_gguf(kvs=[struct.pack("<Q", 2**40) + b"k"]), "key 0 claims a length"),
        (raw_gguf(kvs=[gguf_string(b"") + struct.pack("<I", 4) + bytes(4)]), "key 0 is empty"),
        (raw_gguf(kvs=[gguf_string(b"a.b") + struct.pack("<I", 99) + bytes(8)]), "invalid value type 99"),
        (
            raw_gguf(kvs=[gguf_string(b"a.b") + struct.pack("<IIQ", 9, 9, 1) + bytes(8)]),
            "invalid element type 9",
        ),
        (raw_gguf(kvs=[kv_string(b"a", b"x")] * 2), "duplicate key"),
        (
            raw_gguf(kvs=[gguf_string(b"general.alignment") + struct.pack("<II", 4, 48)]),
            "not a power of two",
        ),
        (
            raw_gguf(tensor_count=1, tail=gguf_string(b"t") + struct.pack("<I", 9) + bytes(64)),
            "claims 9 dimensions",
        ),
        (
            raw_gguf(tensor_count=1, tail=gguf_string(b"t") + struct.pack("<IqiQ", 1, 48, 2, 0)),
            "not a multiple of its block size 32",
        ),
        (
            raw_gguf(tensor_count=1, tail=gguf_string(b"t") + struct.pack("<IqiQ", 1, 8, 0, 64)),
            "has offset 64, expected 0",
        ),
        (raw_gguf(tensor_count=1, tail=gguf_string(b"x" * 80) + bytes(32)), "tensor 0 claims a length"),
    ],
)
def test_corrupt_header(tmp_path: Path, data: bytes, detail: str) -> None:
    path = tmp_path / "bad.gguf"
    path.write_bytes(data + bytes(64))
    with pytest.raises(CorruptModelFileError) as caught:
        validate_model_file(path)
    assert detail in str(caught.value)
    assert "is damaged" in str(caught.value)


def test_absurd_string_length_fails_without_allocating(tmp_path: Path) -> None:
    """A 500 MB string in a 100-byte file is damage, and is refused before any buffer is made."""
    path = tmp_path / "liar.gguf"
    path.write_bytes(
        raw_gguf(kvs=[gguf_string(b"general.name") + struct.pack("<IQ", 8, 500 << 20)]) + bytes(50)
    )
    tracemalloc.start()
    try:
        with pytest.raises(GGUFCorruptError, match="claims 524,288,000 bytes"):
            read_gguf_header(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20


def test_modest_length_past_the_end_reads_as_truncated(tmp_path: Path) -> None:
    path = tmp_path / "cut.gguf"
    path.write_bytes(raw_gguf(kvs=[gguf_string(b"general.name") + struct.pack("<IQ", 8, 4000)]) + b"abc")
    with pytest.raises(GGUFTruncatedError):
        read_gguf_header(path)


def test_unknown_tensor_type_gives_a_lower_bound(tmp_path: Path) -> None:
    """A quantization newer than the gguf package must not make the check fail or guess a size."""
    path = tmp_path / "new_quant.gguf"
    tail = gguf_string(b"t") + struct.pack("<IqiQ", 1, 256, 200, 0)
    data = raw_gguf(kvs=[kv_string(b"general.architecture", b"llama")], tensor_count=1, tail=tail)
    path.write_bytes(data + bytes(-len(data) % 32) + bytes(100))
    header = validate_model_file(path, architecture_supported=allow_all)
    assert header.unknown_tensor_types == frozenset({200})
    assert not header.size_is_exact
    assert header.tensors[0].type_name == "type 200"


# --------------------------------------------------------------------------- split models


@pytest.fixture
def split_model(tmp_path: Path) -> list[Path]:
    """A model in three files, one tensor each, named as llama.cpp's gguf-split names them."""
    write_gguf(tmp_path / "tiny.gguf", split_max_tensors=1)
    parts = sorted(tmp_path.glob("tiny-*-of-00003.gguf"))
    assert [p.name for p in parts] == [f"tiny-0000{i}-of-00003.gguf" for i in (1, 2, 3)]
    return parts


def test_split_model_is_valid(split_model: list[Path]) -> None:
    header = validate_model_file(split_model[0], architecture_supported=allow_all)
    assert header.split_count == 3
    assert header.context_length == 2048


def test_split_model_later_part_chosen(split_model: list[Path]) -> None:
    with pytest.raises(SplitModelError) as caught:
        validate_model_file(split_model[1], architecture_supported=allow_all)
    assert "is part 2 of a model split into 3 files" in str(caught.value)
    assert "tiny-00001-of-00003.gguf" in str(caught.value)


def test_split_model_part_missing(split_model: list[Path]) -> None:
    split_model[2].unlink()
    with pytest.raises(SplitModelError, match=r"tiny-00003-of-00003\.gguf is missing"):
        validate_model_file(split_model[0], architecture_supported=allow_all)


def test_split_model_renamed(split_model: list[Path]) -> None:
    renamed = split_model[0].rename(split_model[0].with_name("tiny.gguf"))
    with pytest.raises(SplitModelError, match=r"does not end in -00001-of-00003\.gguf"):
        validate_model_file(renamed, architecture_supported=allow_all)


def test_split_model_part_truncated(split_model: list[Path]) -> None:
    data = split_model[1].read_bytes()
    split_model[1].write_bytes(data[:-10])
    with pytest.raises(TruncatedModelFileError) as caught:
        validate_model_file(split_model[0], architecture_supported=allow_all)
    assert caught.value.path == split_model[1]


# --------------------------------------------------------------------------- what kind of model


def test_unsupported_architecture(tmp_path: Path, llama_cpp_available: None) -> None:
    path = write_gguf(tmp_path / "odd.gguf", arch="notarealarch")
    with pytest.raises(UnsupportedArchitectureError) as caught:
        validate_model_file(path)
    assert caught.value.architecture == "notarealarch"
    assert "'notarealarch'" in str(caught.value)
    assert "Update Copydesk" in str(caught.value)


def test_architecture_check_can_be_injected(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "odd.gguf", arch="notarealarch")
    seen: list[str] = []

    def refuse(name: str) -> bool:
        seen.append(name)
        return False

    with pytest.raises(UnsupportedArchitectureError):
        validate_model_file(path, architecture_supported=refuse)
    assert seen == ["notarealarch"]


def test_missing_architecture(tmp_path: Path) -> None:
    path = tmp_path / "anon.gguf"
    path.write_bytes(raw_gguf(kvs=[kv_string(b"general.name", b"anon")]))
    with pytest.raises(UnsupportedArchitectureError, match="does not say which model architecture"):
        validate_model_file(path, architecture_supported=allow_all)


def test_llama_cpp_architecture_probe(llama_cpp_available: None) -> None:
    assert llama_cpp_knows_architecture("llama")
    assert llama_cpp_knows_architecture("qwen2")
    assert not llama_cpp_knows_architecture("notarealarch")
    # A name llama.cpp's table has (and gguf lists) but that this build cannot construct.
    assert not llama_cpp_knows_architecture("gptj")
    assert not llama_cpp_knows_architecture("")
    names = supported_architectures()
    assert {"llama", "qwen2", "gemma3", "phi3"} <= names
    assert "notarealarch" not in names


@pytest.mark.parametrize(
    ("arch", "general_type", "kind"),
    [
        ("llama", "adapter", "LoRA adapter"),
        ("clip", None, "vision projector"),
        ("llama", "imatrix", "importance matrix"),
    ],
)
def test_companion_files_are_not_models(
    tmp_path: Path, arch: str, general_type: str | None, kind: str
) -> None:
    def set_type(writer: gguf.GGUFWriter) -> None:
        if general_type:
            writer.add_type(general_type)

    path = write_gguf(tmp_path / "side.gguf", arch=arch, extra=set_type)
    with pytest.raises(NotAModelError, match=kind):
        validate_model_file(path, architecture_supported=allow_all)


def test_every_error_is_a_model_file_error() -> None:
    for cls in (
        ModelFileMissingError,
        ModelFileUnreadableError,
        ModelPathIsDirectoryError,
        EmptyModelFileError,
        NotAGGUFFileError,
        UnsupportedGGUFVersionError,
        TruncatedModelFileError,
        CorruptModelFileError,
        UnsupportedArchitectureError,
        NotAModelError,
        SplitModelError,
    ):
        assert issubclass(cls, ModelFileError)


# --------------------------------------------------------------------------- the real starter model


@pytest.mark.model
def test_starter_model(starter_model_path: Path) -> None:
    header = validate_model_file(starter_model_path)
    assert header.architecture == "llama"
    assert header.context_length == 8192
    assert header.block_count == 30
    assert header.vocab_size == 49152
    assert header.chat_template
    assert header.expected_size == header.file_size == starter_model_path.stat().st_size
    assert header.size_is_exact


@pytest.mark.model
def test_starter_model_cut_short(starter_model_path: Path, tmp_path: Path) -> None:
    partial = tmp_path / starter_model_path.name
    with starter_model_path.open("rb") as source, partial.open("wb") as target:
        target.write(source.read(10 << 20))
    with pytest.raises(TruncatedModelFileError) as caught:
        validate_model_file(partial)
    assert caught.value.actual_size == 10 << 20
    assert caught.value.expected_size == starter_model_path.stat().st_size
    assert "interrupted download" in str(caught.value)
