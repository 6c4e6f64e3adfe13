"""Guess what a file that is not GGUF is, from its first bytes, so the error can say what to do instead.

People pick the wrong file: a safetensors or PyTorch checkpoint from the same model page, a Git LFS
pointer from a clone without LFS, an archive still to unpack, or an HTML error page saved under the
model's name. Naming the thing found is what turns "not a GGUF file" into advice.
"""

from __future__ import annotations

import struct
from typing import Final

from app.core.models.gguf_header import GGUF_MAGIC

__all__ = ["describe_foreign_bytes"]

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
