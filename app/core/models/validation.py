"""Check a model file before llama.cpp loads it, and say in plain words what is wrong with a bad one.

llama.cpp answers every bad file with "Failed to load model from file", and a truncated multi-GB file can
get far into a load before failing. `validate_model_file` reads only the header (milliseconds, any size)
and raises one `ModelFileError` subclass per problem, each with a message that names the file, the
problem and what to do about it.

Which architectures llama.cpp supports
--------------------------------------
The answer must come from the llama.cpp that will load the model, so it is asked directly: a tiny GGUF
file that names only the architecture is loaded with ``vocab_only=True`` and llama.cpp's log is read
for "unknown model architecture" (a name llama.cpp has never heard of) or "unsupported model
architecture" (a name it knows but cannot build, such as ``gptj``). llama.cpp decides this in
``llama_model_create`` right after parsing the header, so the probe reads no weights, touches no GPU (it
is given an empty device list) and takes a few milliseconds; verdicts are cached per name. A probe with a
made-up name runs first and must be refused, which proves the log capture works before any verdict is
trusted.

The alternatives were worse. ``gguf.MODEL_ARCH_NAMES`` comes from the separately released ``gguf``
package: gguf 0.19.0 lacks 27 of the 153 names the llama.cpp in llama-cpp-python 0.3.36 knows
(``qwen4exp``, ``deepseek32``, ``minimax-m3``, ...), so it would turn away models that load fine; and it
lists ``gptj``, which this llama.cpp refuses. Loading the user's own file with ``vocab_only`` would also
work but costs a full vocabulary parse per check. llama.cpp has no call that lists its architectures, so
`supported_architectures` can only confirm candidates (gguf's list): it is a lower bound, while
`llama_cpp_knows_architecture` answers exactly for any one name.

The probe swaps llama.cpp's process-wide log callback for the duration of the call and restores the
previous one after; log lines another thread emits in those few milliseconds are not forwarded.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import re
import stat
import struct
import tempfile
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from app.core.engine.types import ModelLoadError
from app.core.models.gguf_header import (
    GGUF_MAGIC,
    SUPPORTED_VERSIONS,
    GGUFCorruptError,
    GGUFHeader,
    GGUFMagicError,
    GGUFTruncatedError,
    GGUFVersionError,
    read_gguf_header,
)

__all__ = [
    "CorruptModelFileError",
    "EmptyModelFileError",
    "ModelFileError",
    "ModelFileMissingError",
    "ModelFileUnreadableError",
    "ModelPathIsDirectoryError",
    "NotAGGUFFileError",
    "NotAModelError",
    "SplitModelError",
    "TruncatedModelFileError",
    "UnsupportedArchitectureError",
    "UnsupportedGGUFVersionError",
    "describe_foreign_bytes",
    "llama_cpp_knows_architecture",
    "supported_architectures",
    "validate_model_file",
]

logger = logging.getLogger(__name__)

_REDOWNLOAD: Final = "Delete it and download the model again."


class ModelFileError(ModelLoadError):
    """The file at `path` cannot be a model llama.cpp will load; the message says why and what to do."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(message)


class ModelFileMissingError(ModelFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            f"The model file {path} does not exist. It may have been moved, renamed or deleted; "
            f"choose the file again or download the model again.",
        )


class ModelPathIsDirectoryError(ModelFileError):
    def __init__(self, path: Path, gguf_files: list[str]) -> None:
        self.gguf_files = gguf_files
        if gguf_files:
            shown = ", ".join(gguf_files[:3]) + (", ..." if len(gguf_files) > 3 else "")
            hint = f"Choose one of the .gguf files inside it: {shown}."
        else:
            hint = "It holds no .gguf file; choose the model's .gguf file itself."
        super().__init__(path, f"{path} is a folder, not a model file. {hint}")


class ModelFileUnreadableError(ModelFileError):
    def __init__(self, path: Path, reason: str) -> None:
        self.reason = reason
        super().__init__(
            path,
            f"The model file {path} cannot be read ({reason}). Check that it is not locked by another "
            f"program and that you may read it, or copy it to another folder.",
        )


class EmptyModelFileError(ModelFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            f"The model file {path} is empty (0 bytes): the download or copy never got going. {_REDOWNLOAD}",
        )


class NotAGGUFFileError(ModelFileError):
    def __init__(self, path: Path, first_bytes: bytes) -> None:
        self.first_bytes = first_bytes
        self.detected = describe_foreign_bytes(first_bytes)
        super().__init__(
            path,
            f"{path} is not a GGUF model file: {self.detected}. Copydesk runs models in the GGUF format "
            f"(files ending in .gguf); download the GGUF version of the model.",
        )


class UnsupportedGGUFVersionError(ModelFileError):
    def __init__(self, path: Path, version: int, *, big_endian: bool = False) -> None:
        self.version = version
        if big_endian:
            reason = (
                "it was written for big-endian computers (such as IBM mainframes), unlike this one. "
                "Download the standard (little-endian) GGUF file of the model."
            )
        elif version == 1:
            reason = (
                "version 1 is an early GGUF format from 2023 that llama.cpp no longer reads. "
                "Download a newer GGUF conversion of the model."
            )
        elif version > max(SUPPORTED_VERSIONS):
            reason = (
                f"version {version} is newer than this version of Copydesk can read. "
                "Update Copydesk, or download a file in GGUF version 3."
            )
        else:
            reason = f"version {version} is not a GGUF version that exists. {_REDOWNLOAD}"
        versions = " and ".join(str(v) for v in sorted(SUPPORTED_VERSIONS))
        super().__init__(
            path, f"The model file {path} uses GGUF version {version} (readable: {versions}): {reason}"
        )


class TruncatedModelFileError(ModelFileError):
    def __init__(self, path: Path, actual_size: int, expected_size: int | None) -> None:
        self.actual_size = actual_size
        self.expected_size = expected_size
        if expected_size is None:
            have = f"it ends inside its header, after {_size(actual_size)}"
        else:
            missing = expected_size - actual_size
            have = (
                f"it has {_size(actual_size)} but its header says it needs {_size(expected_size)}, "
                f"so {_size(missing)} are missing"
            )
        super().__init__(
            path,
            f"The model file {path} is incomplete: {have}. This looks like an interrupted download. "
            f"{_REDOWNLOAD}",
        )


class CorruptModelFileError(ModelFileError):
    def __init__(self, path: Path, detail: str) -> None:
        self.detail = detail
        super().__init__(
            path, f"The model file {path} is damaged: its header cannot be read ({detail}). {_REDOWNLOAD}"
        )


class UnsupportedArchitectureError(ModelFileError):
    def __init__(self, path: Path, architecture: str) -> None:
        self.architecture = architecture
        if architecture:
            what = (
                f"is a '{architecture}' model, an architecture the llama.cpp built into this version of "
                f"Copydesk does not know"
            )
        else:
            what = "does not say which model architecture it uses (general.architecture is missing)"
        super().__init__(
            path,
            f"The model file {path} {what}. Update Copydesk, or choose a model of a supported "
            f"architecture such as llama, qwen2, qwen3, gemma3, mistral3 or phi3.",
        )


class NotAModelError(ModelFileError):
    """A GGUF file that goes beside a model (LoRA adapter, vision projector, importance matrix)."""

    def __init__(self, path: Path, kind: str) -> None:
        self.kind = kind
        super().__init__(
            path,
            f"{path} is {kind}, not a language model: it works only together with a model. "
            f"Choose the model's own .gguf file (in the same download, usually the largest file).",
        )


class SplitModelError(ModelFileError):
    """A model in several files (``name-00001-of-00003.gguf``) that llama.cpp cannot put together.

    llama.cpp is given the first part and finds the others by name in the same folder, so a later part,
    a renamed part or a missing part all fail, with a message users rarely understand.
    """


def validate_model_file(
    path: Path,
    *,
    architecture_supported: Callable[[str], bool] | None = None,
) -> GGUFHeader:
    """Check ``path`` is a complete GGUF model llama.cpp can load; return its header.

    Reads the header only, so it is cheap enough to run before every load and after every download.
    ``architecture_supported`` decides whether an architecture name is runnable; by default llama.cpp
    itself is asked (`llama_cpp_knows_architecture`). Raises a `ModelFileError` subclass.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ModelFileMissingError(path) from None
    except OSError as error:
        raise ModelFileUnreadableError(path, _os_reason(error)) from error
    if stat.S_ISDIR(info.st_mode):
        raise ModelPathIsDirectoryError(path, _gguf_files_in(path))
    if not stat.S_ISREG(info.st_mode):  # a pipe or device would block or never end
        raise ModelFileUnreadableError(path, "it is not a regular file")
    if info.st_size == 0:
        raise EmptyModelFileError(path)
    header = _read_complete_header(path)
    if header.split_count > 1:
        _check_split_parts(path, header)
    kind = _companion_kind(header)
    if kind is not None:
        raise NotAModelError(path, kind)
    check = architecture_supported or llama_cpp_knows_architecture
    if not header.architecture or not check(header.architecture):
        raise UnsupportedArchitectureError(path, header.architecture)
    return header


def _read_complete_header(path: Path) -> GGUFHeader:
    try:
        header = read_gguf_header(path)
    except GGUFMagicError as error:
        raise NotAGGUFFileError(path, error.first_bytes) from None
    except GGUFVersionError as error:
        raise UnsupportedGGUFVersionError(path, error.version, big_endian=error.big_endian) from None
    except GGUFTruncatedError as error:
        raise TruncatedModelFileError(path, error.file_size, None) from None
    except GGUFCorruptError as error:
        raise CorruptModelFileError(path, str(error)) from None
    except OSError as error:
        raise ModelFileUnreadableError(path, _os_reason(error)) from error
    if not header.is_complete:
        raise TruncatedModelFileError(path, header.file_size, header.expected_size)
    return header


def _check_split_parts(path: Path, header: GGUFHeader) -> None:
    """The checks llama.cpp's loader makes on split models, and the same file checks on every part."""
    count = header.split_count
    number = header.metadata.get("split.no", 0)
    if isinstance(number, int) and number != 0:
        first = re.sub(r"-\d{5}-of-\d{5}\.gguf$", f"-00001-of-{count:05d}.gguf", path.name)
        raise SplitModelError(
            path,
            f"{path} is part {number + 1} of a model split into {count} files. Choose the first part, "
            f"{first}; the other parts are then found in the same folder.",
        )
    suffix = f"-00001-of-{count:05d}.gguf"
    if not path.name.endswith(suffix):
        raise SplitModelError(
            path,
            f"{path} is the first of {count} parts of a split model, but its name does not end in {suffix}, "
            f"so the other parts cannot be found. Give the parts back their original names.",
        )
    prefix = path.name.removesuffix(suffix)
    parts = [path.with_name(f"{prefix}-{i:05d}-of-{count:05d}.gguf") for i in range(2, count + 1)]
    missing = [part.name for part in parts if not part.is_file()]
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise SplitModelError(
            path,
            f"{path} is the first of {count} parts of a split model, but {shown} "
            f"{'is' if len(missing) == 1 else 'are'} missing from {path.parent}. "
            f"Download the missing parts into the same folder.",
        )
    for part in parts:
        _read_complete_header(part)


def _os_reason(error: OSError) -> str:
    return error.strerror or str(error)


def _gguf_files_in(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir() if p.suffix.lower() == ".gguf" and p.is_file())
    except OSError:
        return []


def _companion_kind(header: GGUFHeader) -> str | None:
    """Files that sit beside a model and are often picked by mistake from a model's download page."""
    general_type = header.metadata.get("general.type")
    if general_type == "adapter":
        return "a LoRA adapter"
    if general_type == "imatrix":
        return "an importance matrix (used when quantizing)"
    if general_type == "mmproj" or header.architecture == "clip":
        return "a vision projector (mmproj)"
    return None


def _size(n: int) -> str:
    """Bytes for people, with the exact count for support questions: '98.4 MB (98,362,432 bytes)'."""
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            break
        value /= 1000
    return f"{n:,} bytes" if unit == "bytes" else f"{value:.1f} {unit} ({n:,} bytes)"


# --------------------------------------------------------------------------- what a non-GGUF file is

_SIGNATURES: Final[tuple[tuple[bytes, str], ...]] = (
    (
        b"version https://git-lfs",
        "it is a Git LFS pointer, a small text placeholder for the real file "
        "(the repository was cloned without Git LFS)",
    ),
    (
        b"PK\x03\x04",
        "it is a ZIP archive (perhaps a PyTorch checkpoint, or a .gguf inside an archive that "
        "needs extracting)",
    ),
    (b"\x1f\x8b", "it is a gzip-compressed file; decompress it first"),
    (b"\xfd7zXZ\x00", "it is an xz-compressed file; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "it is a 7-Zip archive; extract the .gguf file from it first"),
    (b"BZh", "it is a bzip2-compressed file; decompress it first"),
    (b"\x28\xb5\x2f\xfd", "it is a zstd-compressed file; decompress it first"),
    (b"lmgg", "it is in the old GGML format that llama.cpp replaced with GGUF in 2023"),
    (b"fmgg", "it is in the old GGMF format that llama.cpp replaced with GGUF in 2023"),
    (b"tjgg", "it is in the old GGJT format that llama.cpp replaced with GGUF in 2023"),
    (b"algg", "it is an old GGML LoRA adapter, not a model"),
    (b"\x7fELF", "it is a program (Linux executable)"),
    (b"MZ", "it is a program (Windows executable)"),
)


def describe_foreign_bytes(first: bytes) -> str:
    """A user-facing guess at what a file that is not GGUF is, from its first bytes."""
    if len(first) >= 10:
        (header_len,) = struct.unpack_from("<Q", first)
        if first[8:10] == b'{"' and header_len < 100_000_000:
            return "it is a safetensors file (original, unconverted model weights)"
    if first[:1] == b"\x80" and first[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        return "it is a PyTorch/pickle checkpoint (original, unconverted model weights)"
    for signature, description in _SIGNATURES:
        if first.startswith(signature):
            return description
    text = first.removeprefix(b"\xef\xbb\xbf").lstrip()
    lowered = text.lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in lowered:
        return "it is a web page (HTML), probably an error or sign-in page saved instead of the model"
    if lowered.startswith((b"<?xml", b"<error")):
        return "it is an XML document, probably an error message from the download server"
    if text.startswith((b"{", b"[")):
        return "it is a JSON document, probably an error message from the download server"
    try:
        decoded = first.decode("utf-8")
    except UnicodeDecodeError:
        decoded = ""
    if decoded and all(ch.isprintable() or ch in "\r\n\t" for ch in decoded):
        snippet = " ".join(decoded.split())[:40]
        return f"it is a text file that starts with {snippet!r}"
    if first.startswith(GGUF_MAGIC[: len(first)]) and len(first) < len(GGUF_MAGIC):
        return "it is too short to be a model"
    hex_bytes = " ".join(f"{b:02x}" for b in first[:8])
    return f"it starts with the bytes {hex_bytes}, not with 'GGUF'"


# --------------------------------------------------------------------------- architecture support

_REFUSED_ARCH: Final = ("unknown model architecture", "unsupported model architecture")
# Messages llama.cpp logs only after it has accepted the architecture name.
_PAST_ARCH_CHECK: Final = (
    "error loading model hyperparameters",
    "error loading model vocabulary",
    "CLIP cannot be used as main model",
)

_probe_lock = threading.Lock()


def llama_cpp_knows_architecture(name: str) -> bool:
    """Whether the llama.cpp in this process can build a model of architecture ``name``.

    When llama.cpp cannot be asked (the native library fails to load) this falls back to the ``gguf``
    package's list. When it can be asked but the answer is unclear, the name is allowed: the real load
    then reports llama.cpp's own error, which beats turning away a model that would have worked.
    """
    if not name:
        return False
    verdict = _llama_cpp_verdict(name) if _probe_works() else None
    if verdict is not None:
        return verdict
    if _llama_cpp_module() is None:
        return name in _gguf_architecture_names()
    logger.warning("could not tell whether llama.cpp knows architecture %r; allowing it", name)
    return True


def supported_architectures() -> frozenset[str]:
    """Architecture names confirmed by this llama.cpp, out of the ``gguf`` package's list.

    A lower bound: llama.cpp cannot list its architectures, so a name it knows but the ``gguf`` package
    does not is missing here (`llama_cpp_knows_architecture` still accepts it). About 0.5 s the first time.
    """
    return frozenset(n for n in _gguf_architecture_names() if n != "clip" and llama_cpp_knows_architecture(n))


def _gguf_architecture_names() -> frozenset[str]:
    from gguf import MODEL_ARCH_NAMES

    return frozenset(MODEL_ARCH_NAMES.values())


@functools.cache
def _llama_cpp_module() -> Any:
    """``llama_cpp``, imported on first need so that validating a file does not load the native library."""
    try:
        import llama_cpp
    except (ImportError, OSError, RuntimeError) as error:
        logger.warning("llama.cpp is not available (%s); using the gguf package's architecture list", error)
        return None
    return llama_cpp


@functools.cache
def _probe_works() -> bool:
    """A made-up architecture must be refused, or the probe cannot be trusted in this build."""
    works = _llama_cpp_verdict(f"copydesk-no-such-arch-{uuid.uuid4().hex[:8]}") is False
    if not works and _llama_cpp_module() is not None:
        logger.warning("llama.cpp's architecture check could not be observed; not relying on it")
    return works


@functools.cache
def _llama_cpp_verdict(name: str) -> bool | None:
    """True/False as llama.cpp decides; ``None`` when the probe could not tell."""
    llama_cpp = _llama_cpp_module()
    if llama_cpp is None:
        return None
    try:
        with tempfile.TemporaryDirectory(prefix="copydesk-arch-") as folder:
            probe = Path(folder) / "probe.gguf"
            probe.write_bytes(_architecture_only_gguf(name))
            loaded, lines = _load_vocab_only(llama_cpp, probe)
    except (OSError, ctypes.ArgumentError, AttributeError, TypeError) as error:
        logger.warning("llama.cpp architecture probe failed: %s", error)
        return None
    log = "".join(lines)
    if any(mark in log for mark in _REFUSED_ARCH):
        return False
    if loaded or any(mark in log for mark in _PAST_ARCH_CHECK):
        return True
    logger.debug("inconclusive architecture probe for %r: %s", name, log[-500:])
    return None


def _architecture_only_gguf(architecture: str) -> bytes:
    """A valid GGUF v3 file with no tensors and a single key, ``general.architecture``."""
    key, value = b"general.architecture", architecture.encode("utf-8")
    return b"".join(
        (
            GGUF_MAGIC,
            struct.pack("<IQQ", 3, 0, 1),
            struct.pack("<Q", len(key)),
            key,
            struct.pack("<IQ", 8, len(value)),  # 8: string
            value,
        )
    )


def _load_vocab_only(llama_cpp: Any, path: Path) -> tuple[bool, list[str]]:
    """Load ``path`` with ``vocab_only`` on no device; return (loaded, llama.cpp's log lines)."""
    from app.core.engine import llama_log

    params = llama_cpp.llama_model_default_params()
    params.vocab_only = True
    params.n_gpu_layers = 0
    no_devices = (ctypes.c_void_p * 1)()  # an empty, NULL-terminated device list: no GPU is touched
    params.devices = ctypes.cast(no_devices, ctypes.c_void_p)
    with _probe_lock, llama_log.capture() as lines:
        model = llama_cpp.llama_model_load_from_file(os.fsencode(path), params)
        if model:
            llama_cpp.llama_model_free(model)
    return bool(model), lines
