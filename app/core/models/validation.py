"""Check a model file before llama.cpp loads it, and say in plain words what is wrong with a bad one.

llama.cpp answers every bad file with "Failed to load model from file", and a truncated multi-GB file can
get far into a load before failing. `validate_model_file` reads only the header (milliseconds, any size)
and raises one `ModelFileError` subclass per problem, each with a message that names the file, the
problem and what to do about it.

What a non-GGUF file looks like is guessed in `file_sniffing`; whether llama.cpp knows an architecture
is asked in `architectures`. Both are re-exported here for callers of this module.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Final

from app.core.engine.types import ModelLoadError
from app.core.models.architectures import llama_cpp_knows_architecture, supported_architectures
from app.core.models.file_sniffing import describe_foreign_bytes
from app.core.models.gguf_header import (
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
