"""Validation of one ``[[models]]`` table of the catalog TOML into a `CatalogEntry`.

The catalog ships with the app, so a bad field is a bug to report precisely, not to guess around: every
check here raises `CatalogError` naming the file, the entry and the field. Kept apart from `catalog`,
which holds the records and reads the file, so the rules for each field sit together in one place.
"""

from __future__ import annotations

import re
from typing import Final

from app.core.models.catalog import (
    ANY_LANGUAGE,
    KNOWN_TASKS,
    CatalogEntry,
    CatalogError,
    CatalogFile,
    WheelSource,
)

__all__ = ["parse_entry"]

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


def parse_entry(origin: str, index: int, raw: object) -> CatalogEntry:
    """Entry number ``index`` (from 0) of ``origin``'s ``models`` array, checked field by field."""
    return _Entry(origin, index, raw).parse()


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
