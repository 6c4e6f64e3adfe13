"""The GGUF files of a Hub repository, as the user chooses among them: one entry per model file.

A repo lists files, but a user picks a model: a split model (``-00001-of-00003.gguf``) is one choice of
three files, and the quant (Q4_K_M, IQ3_XS, BF16...) is what tells choices apart. Both are read from the
file names here, with no network, so the rules can be tested on their own. Names are remote input: each
goes through `safe_relative_path` first, and a refused one is reported, never listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from app.core.models.download_errors import UnsafeFilenameError
from app.core.models.remote_names import safe_relative_path

__all__ = [
    "UNKNOWN_QUANT",
    "HubFilePart",
    "HubModelFile",
    "RefusedFile",
    "RemoteFile",
    "group_gguf_files",
    "parse_quant",
    "split_part",
]

UNKNOWN_QUANT: Final = "?"
"""The quant of a file whose name does not say it."""

# One quant name, not glued to letters or digits on either side: Q4_K_M, Q4_0_4_4, IQ3_XXS, IQ4_NL, TQ1_0,
# F16, BF16, MXFP4. The suffix parts are spelled out so "Q4_K_M_imatrix" stops at Q4_K_M.
_QUANT: Final = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(I?Q[1-8](?:_(?:[0-9]+|K|S|M|L|XS|XXS|XL|NL))*|TQ[12]_0|BF16|FP16|FP32|F16|F32|F64|MXFP4(?:_MOE)?)"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_SPLIT: Final = re.compile(r"^(?P<base>.+)-(?P<index>\d{5})-of-(?P<count>\d{5})\.gguf$", re.IGNORECASE)
"""llama.cpp's ``gguf-split`` naming; the loader is given the first part and finds the rest."""
_PROJECTOR: Final = re.compile(r"(?:^|/)mmproj[^/]*$", re.IGNORECASE)


@dataclass(frozen=True)
class RemoteFile:
    """One file as the Hub lists it; size and SHA-256 are None when the listing lacks them."""

    name: str
    size: int | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class HubFilePart:
    """One file to download: the whole model, or one part of a split model."""

    filename: str
    size: int | None
    sha256: str | None
    """The LFS SHA-256 from the Hub; the download verifies against it."""


@dataclass(frozen=True)
class HubModelFile:
    """One model the user can pick: a single ``.gguf`` or all the parts of a split one."""

    name: str
    """What to show: the file name, or for a split model the name without the part suffix."""
    quant: str
    parts: tuple[HubFilePart, ...]
    expected_parts: int = 1
    """How many parts the names promise; more than ``len(parts)`` means the repo lacks some."""
    is_projector: bool = False
    """A multimodal projector (``mmproj``): a companion file, not a model to chat with."""

    @property
    def filename(self) -> str:
        """The file llama.cpp is given: the only one, or the first part."""
        return self.parts[0].filename

    @property
    def size(self) -> int | None:
        """Total size of all parts; None when any part's size is unknown."""
        sizes = [part.size for part in self.parts]
        return None if any(size is None for size in sizes) else sum(size or 0 for size in sizes)

    @property
    def is_split(self) -> bool:
        return self.expected_parts > 1

    @property
    def complete(self) -> bool:
        """Whether every part is in the repo; an incomplete split model cannot be loaded."""
        return len(self.parts) == self.expected_parts


@dataclass(frozen=True)
class RefusedFile:
    """A name from the listing that was not offered, and why (shown as a warning, never downloaded)."""

    name: str
    reason: str


def parse_quant(filename: str) -> str:
    """The quant named in a file path, upper-cased (``q4_k_m`` -> ``Q4_K_M``); `UNKNOWN_QUANT` if none.

    The last match wins so a quant in the file name beats one in a folder name, and the split suffix is
    ignored so ``-00001-of-00002`` is never read as anything.
    """
    path = filename
    split = _SPLIT.match(path)
    if split is not None:
        path = split["base"]
    elif path.lower().endswith(".gguf"):
        path = path[: -len(".gguf")]
    matches = _QUANT.findall(path)
    return matches[-1].upper() if matches else UNKNOWN_QUANT


def split_part(filename: str) -> tuple[str, int, int] | None:
    """``(base, index, count)`` for a ``gguf-split`` part name, else None."""
    match = _SPLIT.match(filename)
    if match is None:
        return None
    index, count = int(match["index"]), int(match["count"])
    if count < 2 or not 1 <= index <= count:
        return None
    return match["base"], index, count


def group_gguf_files(
    files: Iterable[RemoteFile],
) -> tuple[tuple[HubModelFile, ...], tuple[RefusedFile, ...]]:
    """Every ``.gguf`` in ``files`` as model entries, split parts grouped, unsafe names refused.

    Entries come smallest first (unknown sizes last), projectors after models, so a list shown as is
    starts with what most computers can run.
    """
    singles: list[HubModelFile] = []
    groups: dict[tuple[str, int], dict[int, HubFilePart]] = {}
    refused: list[RefusedFile] = []
    for remote in files:
        if not remote.name.lower().endswith(".gguf"):
            continue
        try:
            safe_relative_path(remote.name)
        except UnsafeFilenameError as exc:
            refused.append(RefusedFile(remote.name, str(exc)))
            continue
        part = HubFilePart(remote.name, remote.size, remote.sha256)
        split = split_part(remote.name)
        if split is None:
            singles.append(_entry(remote.name, (part,), 1))
        else:
            base, index, count = split
            groups.setdefault((base, count), {})[index] = part
    for (base, count), parts in groups.items():
        ordered = tuple(parts[index] for index in sorted(parts))
        singles.append(_entry(f"{base}.gguf", ordered, count))
    singles.sort(key=_order)
    return tuple(singles), tuple(refused)


def _entry(name: str, parts: tuple[HubFilePart, ...], expected: int) -> HubModelFile:
    return HubModelFile(
        name=name,
        quant=parse_quant(name),
        parts=parts,
        expected_parts=expected,
        is_projector=_PROJECTOR.search(name) is not None,
    )


def _order(entry: HubModelFile) -> tuple[bool, bool, int, str]:
    size = entry.size
    return entry.is_projector, size is None, size or 0, entry.name.lower()
